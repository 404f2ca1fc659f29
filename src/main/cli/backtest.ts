import { readFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  STAT_KEYS,
  STRATEGY_NAMES,
  STRATEGY_PARAMS,
  brokerSettings,
  isStrategyName,
  type BacktestStats,
  type BrokerSettings,
  type StrategyName,
} from '../../shared/backtest';
import { isAppError } from '../../shared/errors';
import { MARKET_DB_FILE } from '../app';
import type { RunOutcome } from '../store/backtests-types';
import { loadBars, type BarSeries } from '../store/market/bars';
import { openMarketStore } from '../store/market/connection';
import { resolveDataDir } from '../services/data-dir';
import { strategyParamNames } from '../../shared/sweep-grid';
import { parseBarCsvSeries } from '../../workers/tasks/csv';
import { runSymbols, symbolBars, type RunTarget, type SymbolBars } from '../../workers/tasks/backtest-core';
import { describeError, EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliContext } from './command';

const USAGE = `Usage: quantdesk backtest (--csv FILE [--csv FILE…] | --symbol SYM [--symbol SYM…]) --strategy NAME
                          [--param k=v …] [--cash N] [--commission F] [--spread F] [--no-finalize-trades]
                          [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--data-dir DIR] [--json]

Runs one backtest in this process and prints its statistics.

  --csv FILE             Daily OHLCV CSV (Date,Open,High,Low,Close[,Adj Close],Volume); its name is the symbol
  --symbol SYM           A symbol of the data directory's market store (read only)
  --strategy NAME        ${STRATEGY_NAMES.join(', ')}
  --param k=v            A strategy parameter (others take their defaults), e.g. --param fast=10
  --cash N               Starting cash of each symbol's account (default 10000)
  --commission F         Fraction of traded value, e.g. 0.002 (default 0)
  --spread F             Fraction of price paid on entry and exit (default 0)
  --no-finalize-trades   Leave trades open at the end out of the statistics
  --from, --to           First and last date included
  --data-dir DIR         Data directory for --symbol (default: QUANTDESK_DATA_DIR, else the OS app-data directory)
  --json                 Print one JSON object: {stats, trades, config}; with several symbols
                         {symbols: {SYM: {status, error, stats, trades}}, combined: {stats}, config}

Exit codes: 0 done, 1 the run failed, 2 bad input.`;

/** Options `backtest` and `sweep` share. */
export const TARGET_OPTIONS = {
  csv: { type: 'string', multiple: true },
  symbol: { type: 'string', multiple: true },
  strategy: { type: 'string' },
  cash: { type: 'string' },
  commission: { type: 'string' },
  spread: { type: 'string' },
  'no-finalize-trades': { type: 'boolean', default: false },
  from: { type: 'string' },
  to: { type: 'string' },
  'data-dir': { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

/** Runs node's parseArgs, turning its errors into usage errors. */
export function parseOrUsage<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
}

export interface TargetValues {
  csv?: string[] | undefined;
  symbol?: string[] | undefined;
  strategy?: string | undefined;
  cash?: string | undefined;
  commission?: string | undefined;
  spread?: string | undefined;
  'no-finalize-trades'?: boolean | undefined;
  from?: string | undefined;
  to?: string | undefined;
  'data-dir'?: string | undefined;
}

export function parseStrategy(name: string | undefined): StrategyName {
  if (name === undefined) throw new UsageError(`--strategy is required (${STRATEGY_NAMES.join(', ')})`);
  if (!isStrategyName(name)) throw new UsageError(`unknown strategy '${name}'; the strategies are ${STRATEGY_NAMES.join(', ')}`);
  return name;
}

function parseNumber(flag: string, text: string): number {
  const value = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new UsageError(`${flag} must be a number, got '${text}'`);
  return value;
}

/** `--param k=v` values, checked against the strategy's parameter names (not yet its rules). */
export function parseParams(strategy: StrategyName, pairs: readonly string[]): Record<string, number> {
  const known = strategyParamNames(strategy);
  const params: Record<string, number> = {};
  for (const pair of pairs) {
    const match = /^([A-Za-z_]\w*)=(.+)$/.exec(pair);
    if (!match) throw new UsageError(`--param must look like name=value, got '${pair}'`);
    const [, name, value] = match as unknown as [string, string, string];
    if (!known.includes(name)) throw new UsageError(`'${name}' is not a parameter of ${strategy}; its parameters are ${known.join(', ') || 'none'}`);
    params[name] = parseNumber(`--param ${name}`, value);
  }
  return params;
}

/** Checks params against the strategy's schema; a usage error names every problem. */
export function checkStrategyParams(strategy: StrategyName, params: Record<string, number>): void {
  const parsed = STRATEGY_PARAMS[strategy].safeParse(params);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join('.') || strategy}: ${issue.message}`);
    throw new UsageError(`bad parameters for ${strategy}: ${problems.join('; ')}`);
  }
}

export function parseBroker(values: TargetValues): BrokerSettings {
  const parsed = brokerSettings.safeParse({
    cash: values.cash === undefined ? undefined : parseNumber('--cash', values.cash),
    commission: values.commission === undefined ? undefined : parseNumber('--commission', values.commission),
    spread: values.spread === undefined ? undefined : parseNumber('--spread', values.spread),
    finalizeTrades: values['no-finalize-trades'] !== true,
  });
  if (!parsed.success) {
    throw new UsageError(`bad broker settings: ${parsed.error.issues.map((issue) => `--${String(issue.path[0])}: ${issue.message}`).join('; ')}`);
  }
  return parsed.data;
}

function parseDate(flag: string, text: string | undefined): string | undefined {
  if (text === undefined) return undefined;
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || Number.isNaN(Date.parse(`${text}T00:00:00Z`))) {
    throw new UsageError(`${flag} must be a date YYYY-MM-DD, got '${text}'`);
  }
  return text;
}

/** Bars of every symbol the user named, validated and hashed, ready for `runSymbols`. */
export interface LoadedTarget {
  symbols: string[];
  from: string | undefined;
  to: string | undefined;
  bars: Map<string, SymbolBars>;
}

/** Reads `--csv` files (no stored data needed) or `--symbol`s from the market store, read-only. */
export async function loadTarget(values: TargetValues, env: NodeJS.ProcessEnv): Promise<LoadedTarget> {
  const from = parseDate('--from', values.from);
  const to = parseDate('--to', values.to);
  if (from && to && from > to) throw new UsageError(`--from (${from}) is after --to (${to})`);
  const csvs = values.csv ?? [];
  const symbols = values.symbol ?? [];
  if (csvs.length === 0 && symbols.length === 0) throw new UsageError('give --csv FILE or --symbol SYM');
  if (csvs.length > 0 && symbols.length > 0) throw new UsageError('give either --csv or --symbol, not both');
  const bars = new Map<string, SymbolBars>();
  const range = { from, to };
  if (csvs.length > 0) {
    for (const file of csvs) {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        throw new UsageError(`cannot read --csv ${file}: ${describeError(error)}`);
      }
      const symbol = file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '').toUpperCase();
      if (bars.has(symbol)) throw new UsageError(`two --csv files are named ${symbol}`);
      let series: BarSeries;
      try {
        series = parseBarCsvSeries(file, text);
      } catch (error) {
        throw new UsageError(`cannot parse --csv ${file}: ${describeError(error)}`);
      }
      bars.set(symbol, symbolBars(symbol, sliceRange(series, from, to), range));
    }
  } else {
    const dataDir = resolveDataDir({ ...(values['data-dir'] === undefined ? {} : { flag: values['data-dir'] }), env });
    const marketPath = join(dataDir, MARKET_DB_FILE);
    if (!existsSync(marketPath)) throw new UsageError(`no market data in ${dataDir}: import CSVs first, or use --csv`);
    const db = openMarketStore(marketPath, { readonly: true });
    try {
      for (const symbol of symbols) bars.set(symbol.toUpperCase(), symbolBars(symbol.toUpperCase(), loadBars(db, symbol.toUpperCase(), range), range));
    } finally {
      db.close();
    }
  }
  return { symbols: [...bars.keys()], from, to, bars };
}

function sliceRange(series: BarSeries, from: string | undefined, to: string | undefined): BarSeries {
  if (!from && !to) return series;
  const start = from ? series.dates.findIndex((date) => date >= from) : 0;
  let end = series.dates.length;
  if (to) while (end > 0 && series.dates[end - 1]! > to) end--;
  const first = start === -1 ? end : Math.min(start, end);
  return {
    dates: series.dates.slice(first, end),
    open: series.open.slice(first, end),
    high: series.high.slice(first, end),
    low: series.low.slice(first, end),
    close: series.close.slice(first, end),
    adjClose: series.adjClose.slice(first, end),
    volume: series.volume.slice(first, end),
  };
}

/** Runs one parameter set over the loaded symbols; warnings go to stderr. */
export function runTarget(target: LoadedTarget, strategy: StrategyName, params: Record<string, number>, broker: BrokerSettings, warn: (line: string) => void): Promise<RunOutcome> {
  const run: RunTarget = { strategy, params, symbols: target.symbols, from: target.from, to: target.to, broker };
  return runSymbols(run, {
    loadBars: (symbol) => target.bars.get(symbol)!,
    checkpoint: () => Promise.resolve(),
    warn,
  });
}

const LABELS: Record<keyof BacktestStats, string> = {
  start: 'Start', end: 'End', durationDays: 'Duration', exposureTimePct: 'Exposure Time [%]', equityFinal: 'Equity Final [$]',
  equityPeak: 'Equity Peak [$]', commissions: 'Commissions [$]', returnPct: 'Return [%]', buyAndHoldReturnPct: 'Buy & Hold Return [%]',
  returnAnnPct: 'Return (Ann.) [%]', volatilityAnnPct: 'Volatility (Ann.) [%]', cagrPct: 'CAGR [%]', sharpeRatio: 'Sharpe Ratio',
  sortinoRatio: 'Sortino Ratio', calmarRatio: 'Calmar Ratio', alphaPct: 'Alpha [%]', beta: 'Beta', maxDrawdownPct: 'Max. Drawdown [%]',
  avgDrawdownPct: 'Avg. Drawdown [%]', maxDrawdownDurationDays: 'Max. Drawdown Duration', avgDrawdownDurationDays: 'Avg. Drawdown Duration',
  tradeCount: '# Trades', winRatePct: 'Win Rate [%]', bestTradePct: 'Best Trade [%]', worstTradePct: 'Worst Trade [%]',
  avgTradePct: 'Avg. Trade [%]', maxTradeDurationDays: 'Max. Trade Duration', avgTradeDurationDays: 'Avg. Trade Duration',
  profitFactor: 'Profit Factor', expectancyPct: 'Expectancy [%]', sqn: 'SQN', kellyCriterion: 'Kelly Criterion',
};

const DAY_KEYS = new Set<string>(['durationDays', 'maxDrawdownDurationDays', 'avgDrawdownDurationDays', 'maxTradeDurationDays', 'avgTradeDurationDays']);

/** A statistic as backtesting.py prints it: NaN for undefined, "N days" for durations. */
export function formatStat(key: keyof BacktestStats, value: string | number | null): string {
  if (value === null) return 'NaN';
  if (typeof value === 'string') return value;
  if (DAY_KEYS.has(key)) return `${Math.round(value)} days`;
  if (key === 'tradeCount') return String(value);
  return Number.isInteger(value) ? String(value) : value.toFixed(6).replace(/0+$/, '').replace(/\.$/, '');
}

/** The statistics as a two-column table (one value column per heading). */
export function statsTable(columns: Array<{ heading: string; stats: BacktestStats | null }>): string {
  const width = Math.max(...Object.values(LABELS).map((label) => label.length)) + 2;
  const lines = columns.length > 1 ? [`${''.padEnd(width)}${columns.map((column) => column.heading.padStart(16)).join('')}`] : [];
  for (const key of STAT_KEYS) {
    const cells = columns.map((column) => (column.stats ? formatStat(key, column.stats[key]) : '-'));
    lines.push(`${LABELS[key].padEnd(width)}${columns.length > 1 ? cells.map((cell) => cell.padStart(16)).join('') : cells[0]}`);
  }
  return lines.join('\n');
}

function jsonOf(outcome: RunOutcome): unknown {
  if (outcome.symbols.length === 1) {
    const only = outcome.symbols[0]!;
    return { stats: only.stats, trades: only.trades, config: outcome.config };
  }
  return {
    symbols: Object.fromEntries(outcome.symbols.map((run) => [run.symbol, { status: run.status, error: run.error, stats: run.stats, trades: run.trades }])),
    combined: { stats: outcome.combined?.stats ?? null },
    config: outcome.config,
  };
}

async function backtest(args: string[], context: CliContext): Promise<number> {
  const { values } = parseOrUsage(() =>
    parseArgs({ args, strict: true, allowPositionals: false, options: { ...TARGET_OPTIONS, param: { type: 'string', multiple: true } } }),
  );
  const strategy = parseStrategy(values.strategy);
  const params = parseParams(strategy, values.param ?? []);
  checkStrategyParams(strategy, params);
  const broker = parseBroker(values);
  const target = await loadTarget(values, context.env);
  let outcome: RunOutcome;
  try {
    outcome = await runTarget(target, strategy, params, broker, (line) => context.err(`warning: ${line}`));
  } catch (error) {
    if (isAppError(error) && error.kind === 'invalid') throw new UsageError(error.message);
    throw error;
  }
  if (values.json) context.out(JSON.stringify(jsonOf(outcome)));
  else {
    const columns = outcome.symbols.map((run) => ({ heading: run.symbol, stats: run.stats }));
    if (outcome.symbols.length > 1) columns.push({ heading: 'combined', stats: outcome.combined?.stats ?? null });
    context.out(statsTable(columns));
    context.out(`\nStrategy ${strategy}(${Object.entries(outcome.config.params).map(([name, value]) => `${name}=${value}`).join(', ')})`);
  }
  if (outcome.status === 'failed') {
    context.err(`quantdesk backtest: ${outcome.error ?? 'the run failed'}`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

export const backtestCommand: CliCommand = { usage: USAGE, run: backtest };
