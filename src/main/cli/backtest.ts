import { STRATEGY_NAMES, type BacktestConfig } from '../../shared/backtest';
import { isAppError } from '../../shared/errors';
import type { RunOutcome } from '../store/backtests-types';
import { EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliContext } from './command';
import { checkStrategyParams, parseBroker, parseOptions, parseParams, parseStrategy, TARGET_OPTIONS } from './options';
import { formatParams, statsTable } from './table';
import { combinedStats, loadTarget, runTarget, symbolWarnings } from './target';

const USAGE = `Usage: quantdesk backtest (--csv FILE [--csv FILE…] | --symbol SYM [--symbol SYM…]) --strategy NAME
                          [--param k=v …] [--cash N] [--commission F] [--spread F] [--no-finalize-trades]
                          [--from YYYY-MM-DD] [--to YYYY-MM-DD] [--data-dir DIR] [--json]

Runs one backtest in this process and prints its statistics.

  --csv FILE             Daily OHLCV CSV (Date,Open,High,Low,Close[,Adj Close],Volume), named after its symbol (GOOG.csv)
  --symbol SYM           A symbol of the data directory's market store (read only)
  --strategy NAME        ${STRATEGY_NAMES.join(', ')}
  --param k=v            A strategy parameter, once each (others take their defaults), e.g. --param fast=10
  --cash N               Starting cash of each symbol's account (default 10000)
  --commission F         Fraction of traded value, paid on entry and on exit, e.g. 0.002 (default 0)
  --spread F             Fraction of the price paid on entry only: a buy fills at open × (1 + F) (default 0)
  --no-finalize-trades   Leave trades open at the end out of the statistics
  --from, --to           First and last date included
  --data-dir DIR         Data directory for --symbol (default: QUANTDESK_DATA_DIR, else the OS app-data directory)
  --json                 Print one JSON object: {status, error, stats, trades, warnings, config}; with several
                         symbols {status, error, symbols: {SYM: {status, error, stats, trades, warnings}},
                         combined: {stats}, config}. Stats' *Pct are percent; trades[].returnPct is a
                         fraction (0.05 = +5 %), as backtesting.py's trades' ReturnPct

Numbers are plain decimals (e.g. 10, 0.002, 1e4). Warnings (orders refused for want of cash, trades
left open, equity reaching zero, symbols that failed, --csv bars outside their Low–High range) go to
stderr as "warning: …".
Exit codes: 0 done, 1 the run failed, 2 bad input.`;

/** Why a failed run failed: its one symbol's reason, or how many of its symbols failed and why. */
function failureOf(outcome: RunOutcome): string {
  return (outcome.symbols.length === 1 ? outcome.symbols[0]!.error : outcome.error) ?? 'the run failed';
}

/** Warnings besides the failure a failed run ends with, which already names its failed symbols. */
function warningsOf(outcome: RunOutcome): string[] {
  return outcome.symbols.filter((run) => outcome.status !== 'failed' || run.status !== 'failed').flatMap(symbolWarnings);
}

function jsonOf(outcome: RunOutcome): unknown {
  const { status, config } = outcome;
  if (outcome.symbols.length === 1) {
    const only = outcome.symbols[0]!;
    return { status, error: only.error, stats: only.stats, trades: only.trades, warnings: only.warnings, config };
  }
  const symbols = outcome.symbols.map((run) => [run.symbol, { status: run.status, error: run.error, stats: run.stats, trades: run.trades, warnings: run.warnings }]);
  return { status, error: outcome.error ?? null, symbols: Object.fromEntries(symbols), combined: { stats: combinedStats(outcome) }, config };
}

/** What was run: strategy and params, symbols and broker settings. */
function headerOf({ strategy, params, symbols, broker }: BacktestConfig): string {
  const call = `${strategy}(${formatParams(params)})`;
  const finalize = broker.finalizeTrades ? '' : ', trades open at the end left out';
  return `${call} on ${symbols.join(', ')}; cash ${broker.cash}, commission ${broker.commission}, spread ${broker.spread}${finalize}`;
}

function tableOf(outcome: RunOutcome): string {
  const columns = outcome.symbols.map((run) => ({ heading: run.symbol, stats: run.stats }));
  if (outcome.symbols.length > 1) columns.push({ heading: 'combined', stats: combinedStats(outcome) });
  return `${headerOf(outcome.config)}\n\n${statsTable(columns)}`;
}

async function backtest(args: string[], context: CliContext): Promise<number> {
  const values = parseOptions(args, TARGET_OPTIONS);
  const strategy = parseStrategy(values.strategy);
  const params = parseParams(strategy, values.param ?? []);
  checkStrategyParams(strategy, params);
  const broker = parseBroker(values);
  const target = await loadTarget(values, context.env);
  let outcome: RunOutcome;
  try {
    outcome = await runTarget(target, strategy, params, broker);
  } catch (error) {
    if (isAppError(error) && error.kind === 'invalid') throw new UsageError(error.message);
    throw error;
  }
  for (const warning of [...target.warnings, ...warningsOf(outcome)]) context.err(`warning: ${warning}`);
  if (values.json) context.out(JSON.stringify(jsonOf(outcome)));
  else if (outcome.status !== 'failed') context.out(tableOf(outcome));
  if (outcome.status === 'failed') {
    context.err(`quantdesk backtest: ${failureOf(outcome)}`);
    return EXIT_FAILURE;
  }
  return EXIT_OK;
}

export const backtestCommand: CliCommand = { usage: USAGE, run: backtest };
