import type { SymbolCoverage } from '../../../shared/contract';

/**
 * What a backtest checks of its symbols before it reads any bars, from the `symbols`
 * summary: whether they were ever imported, and whether they have bars in the range.
 */

interface DateRange {
  from?: string | undefined;
  to?: string | undefined;
}

/** Stored symbols named when one asked for is missing. */
const LISTED_SYMBOLS = 10;

/** Describes a date range for messages. */
export function describeRange(from: string | undefined, to: string | undefined): string {
  if (from && to) return `between ${from} and ${to}`;
  if (from) return `from ${from} on`;
  if (to) return `up to ${to}`;
  return 'in any date range';
}

/** The first and last dates of a symbol's stored bars. */
export interface StoredSpan {
  firstDate: string;
  lastDate: string;
}

/** Where a symbol's bars are, from its summary: null when it has none. */
export function storedSpan(coverage: Pick<SymbolCoverage, 'rows' | 'firstDate' | 'lastDate'> | undefined): StoredSpan | null {
  return coverage && coverage.rows > 0 ? { firstDate: coverage.firstDate, lastDate: coverage.lastDate } : null;
}

/** Why a symbol has nothing to run on; with `stored`, where the bars it does have are, so the range can be fixed. */
export function noPriceDataReason(symbol: string, range: DateRange, stored?: StoredSpan | null): string {
  return `No price data for ${symbol} ${describeRange(range.from, range.to)}${stored ? `; ${describeSpan(stored)}` : ''}.`;
}

function describeSpan({ firstDate, lastDate }: StoredSpan): string {
  return firstDate === lastDate ? `its only bar is on ${firstDate}` : `its bars run from ${firstDate} to ${lastDate}`;
}

export interface UnknownSymbols {
  missing: string[];
  /** Names the missing symbols and some stored ones. */
  message: string;
}

/**
 * Symbols never imported: a typo to fix, not a run to fail. Null when every symbol is
 * stored. `store` names where they were looked for ("the market data of /path").
 */
export function findUnknownSymbols(symbols: readonly string[], stored: readonly string[], store = 'the market data'): UnknownSymbols | null {
  const storedSet = new Set(stored);
  const missing = symbols.filter((symbol) => !storedSet.has(symbol));
  if (missing.length === 0) return null;
  const more = stored.length > LISTED_SYMBOLS ? ` and ${stored.length - LISTED_SYMBOLS} more` : '';
  const known = stored.length === 0 ? 'it has none yet' : `it has ${stored.slice(0, LISTED_SYMBOLS).join(', ')}${more}`;
  return { missing, message: `${missing.join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in ${store}; ${known}` };
}

/**
 * Symbols without a bar in the range, each with why, judged by their first and last dates.
 * A gap in a symbol's history that spans the whole range is not seen here: its run fails
 * as it would anyway.
 */
export function symbolsWithoutData(symbols: readonly string[], coverage: readonly SymbolCoverage[], range: DateRange): Array<{ symbol: string; reason: string }> {
  const bySymbol = new Map(coverage.map((entry) => [entry.symbol, entry]));
  return symbols
    .filter((symbol) => {
      const stored = bySymbol.get(symbol);
      return !stored || stored.rows === 0 || (range.from !== undefined && stored.lastDate < range.from) || (range.to !== undefined && stored.firstDate > range.to);
    })
    .map((symbol) => ({ symbol, reason: noPriceDataReason(symbol, range, storedSpan(bySymbol.get(symbol))) }));
}
