import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { BacktestStats, BrokerSettings, StrategyName } from '../../shared/backtest';
import { isAppError } from '../../shared/errors';
import { SYMBOL_FILE_NAME_RULE, symbolForFileName } from '../../shared/symbol-file';
import { chooseDataDir, MARKET_DB_FILE } from '../services/data-dir';
import type { RunOutcome, SymbolRun } from '../store/backtests-types';
import { listSymbols, loadBars, type BarSeries } from '../store/market/bars';
import { openMarketStore } from '../store/market/connection';
import { findUnknownSymbols, storedSpan } from '../store/market/symbol-check';
import { prepareBars } from '../../workers/backtest';
import { runSymbols, symbolBars, type RunTarget, type SymbolBars } from '../../workers/tasks/backtest-core';
import { beginBarCsv, describeBarsOutsideRange, parseBarRows, type BarCsvParse } from '../../workers/tasks/csv';
import { describeError, UsageError } from './command';
import { parseDate, parseSymbols, type TargetValues } from './options';

/** Bars of every symbol the user named, validated and hashed, ready for `runSymbols`. */
export interface LoadedTarget {
  symbols: string[];
  from: string | undefined;
  to: string | undefined;
  bars: Map<string, SymbolBars>;
  /** About the data, not a run (bars of a --csv file outside their Low–High range): printed once, before any run's. */
  warnings: string[];
}

interface DateRange {
  from: string | undefined;
  to: string | undefined;
}

/** Reads `--csv` files (no stored data needed) or `--symbol`s from the market store, read-only. */
export async function loadTarget(values: TargetValues, env: NodeJS.ProcessEnv): Promise<LoadedTarget> {
  const from = parseDate('--from', values.from);
  const to = parseDate('--to', values.to);
  if (from && to && from > to) throw new UsageError(`--from (${from}) is after --to (${to})`);
  const csvs = values.csv ?? [];
  const symbols = parseSymbols(values.symbol ?? []);
  if (csvs.length === 0 && symbols.length === 0) throw new UsageError('give --csv FILE or --symbol SYM');
  if (csvs.length > 0 && symbols.length > 0) throw new UsageError('give either --csv or --symbol, not both');
  const range = { from, to };
  if (csvs.length > 0) {
    const { bars, warnings } = await readCsvFiles(csvs, range);
    return { symbols: [...bars.keys()], from, to, bars, warnings };
  }
  const bars = readStoredSymbols(symbols, marketStorePath(values['data-dir'], env), range);
  return { symbols: [...bars.keys()], from, to, bars, warnings: [] };
}

/** Each file's bars under its symbol, named as an import names it (GOOG.csv is GOOG), and its warning if it has one. */
async function readCsvFiles(files: readonly string[], range: DateRange): Promise<{ bars: Map<string, SymbolBars>; warnings: string[] }> {
  const bars = new Map<string, SymbolBars>();
  const warnings: string[] = [];
  for (const file of files) {
    const symbol = symbolForFileName(basename(file));
    if (symbol === null) throw new UsageError(`--csv ${file} is not named after a symbol. ${SYMBOL_FILE_NAME_RULE}`);
    if (bars.has(symbol)) throw new UsageError(`two --csv files are named ${symbol}`);
    const { symbolBars: read, warning } = csvBars(file, symbol, await readCsvText(file), range);
    bars.set(symbol, read);
    if (warning !== null) warnings.push(warning);
  }
  return { bars, warnings };
}

async function readCsvText(file: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read --csv ${file}: ${describeError(error)}`);
  }
  // Text files hold no NUL; without this check the header's error would quote the binary.
  if (text.includes('\0')) throw new UsageError(`--csv ${file} does not look like a text CSV file`);
  return text;
}

/**
 * A CSV's bars in the range, and the warning an import of it would give. A file without
 * rows, or with a price the engine refuses, is input to fix: a usage error naming the file
 * and line, not a failed symbol.
 */
function csvBars(file: string, symbol: string, text: string, range: DateRange): { symbolBars: SymbolBars; warning: string | null } {
  const parse = parseCsv(file, text);
  // Parsed to the end, so the series is set.
  const series = parse.series!;
  if (series.dates.length === 0) throw new UsageError(`--csv ${file} has a header but no rows`);
  const inRange = sliceRange(series, range);
  checkBars(file, parse, inRange);
  const span = { firstDate: series.dates[0]!, lastDate: series.dates.at(-1)! };
  return { symbolBars: symbolBars(symbol, inRange, range, span), warning: describeBarsOutsideRange(parse, 'used') };
}

/** The whole file parsed; the parse also keeps each row's line. */
function parseCsv(file: string, text: string): BarCsvParse {
  try {
    const parse = beginBarCsv(file, text, new Date());
    parseBarRows(parse, Number.POSITIVE_INFINITY);
    return parse;
  } catch (error) {
    throw new UsageError(`cannot parse --csv ${file}: ${printable(describeError(error))}`);
  }
}

/** Control characters and undecodable bytes escaped, so a message quoting a file cannot garble the terminal. */
function printable(text: string): string {
  return text.replace(/[\p{Cc}\uFFFD]/gu, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** The engine's check of the bars (which the CSV parser, shared with imports, leaves to it), naming the bad bar's line. */
function checkBars(file: string, parse: BarCsvParse, series: BarSeries): void {
  try {
    prepareBars(series);
  } catch (error) {
    if (!isAppError(error) || error.kind !== 'invalid') throw error;
    const bar = (error.details as { bar?: number } | undefined)?.bar;
    const line = bar === undefined ? undefined : csvLineOf(parse, series.dates[bar]!);
    throw new UsageError(`--csv ${file}${line === undefined ? '' : ` line ${line}`}: ${error.message}`);
  }
}

/** The line of the row dated `date`: the parse keeps rows in file order, and a file's dates are unique. */
function csvLineOf(parse: BarCsvParse, date: string): number | undefined {
  const { columns } = parse;
  const row = columns.series.dates.indexOf(date);
  return row === -1 || row >= columns.length ? undefined : columns.lines[row];
}

function sliceRange(series: BarSeries, { from, to }: DateRange): BarSeries {
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

/** The market store in the data directory, which is not created: reading stored bars must leave nothing behind. */
function marketStorePath(flag: string | undefined, env: NodeJS.ProcessEnv): string {
  if (flag !== undefined && flag.trim() === '') throw new UsageError('--data-dir must not be empty');
  const dataDir = chooseDataDir({ ...(flag === undefined ? {} : { flag }), env });
  let stats;
  try {
    stats = statSync(dataDir, { throwIfNoEntry: false });
  } catch (error) {
    throw new UsageError(`cannot use the data directory ${dataDir}: ${describeError(error)}`);
  }
  if (!stats) throw new UsageError(`no market data in ${dataDir}: the directory does not exist. Import CSVs in the app first, or use --csv`);
  if (!stats.isDirectory()) throw new UsageError(`the data directory ${dataDir} is a file, not a directory`);
  const marketPath = join(dataDir, MARKET_DB_FILE);
  if (!existsSync(marketPath)) throw new UsageError(`no market data in ${dataDir}: import CSVs first, or use --csv`);
  return marketPath;
}

function readStoredSymbols(symbols: readonly string[], marketPath: string, range: DateRange): Map<string, SymbolBars> {
  const db = openMarketStore(marketPath, { readonly: true });
  try {
    const coverage = new Map(listSymbols(db).map((stored) => [stored.symbol, stored]));
    checkStored(symbols, [...coverage.keys()], dirname(marketPath));
    return new Map(symbols.map((symbol) => [symbol, symbolBars(symbol, loadBars(db, symbol, range), range, storedSpan(coverage.get(symbol)))]));
  } finally {
    db.close();
  }
}

/** A symbol never imported is a typo to fix, not a run to fail: name the stored ones. */
function checkStored(symbols: readonly string[], stored: readonly string[], dataDir: string): void {
  const unknown = findUnknownSymbols(symbols, stored, `the market data of ${dataDir}`);
  if (unknown) throw new UsageError(unknown.message);
}

/** Runs one parameter set over the loaded symbols. */
export function runTarget(target: LoadedTarget, strategy: StrategyName, params: Record<string, number>, broker: BrokerSettings): Promise<RunOutcome> {
  const run: RunTarget = { strategy, params, symbols: target.symbols, from: target.from, to: target.to, broker };
  return runSymbols(run, {
    loadBars: (symbol) => target.bars.get(symbol)!,
    checkpoint: () => Promise.resolve(),
    // The outcome holds every failure and warning; the commands report them from there, once.
    warn: () => {},
  });
}

/** The combined account's statistics; none for a failed run (more than half its symbols failed). */
export function combinedStats(outcome: RunOutcome): BacktestStats | null {
  return outcome.status === 'failed' ? null : (outcome.combined?.stats ?? null);
}

/** A symbol's lines for stderr: why it failed, or what the engine warned about. */
export function symbolWarnings(run: SymbolRun): string[] {
  if (run.status === 'failed') return [run.error ?? `${run.symbol} failed`];
  return run.warnings.map((warning) => `${run.symbol}: ${warning}`);
}
