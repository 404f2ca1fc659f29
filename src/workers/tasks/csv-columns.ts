import { emptySeries, type BarSeries } from '../../main/store/market/bars';

/**
 * Bars collected by the parser column by column: typed arrays leave the garbage
 * collector one string per row instead of an object and six boxed numbers.
 */
export interface BarColumns {
  /** Has spare room past `length`. */
  series: BarSeries;
  /** Line of each row, for naming the first of two duplicate dates. */
  lines: Int32Array;
  length: number;
}

const MIN_CAPACITY = 256;

/** Empty columns with room for about `capacity` rows. */
export function createBarColumns(capacity: number): BarColumns {
  const size = Math.max(MIN_CAPACITY, capacity);
  return { series: emptySeries(size), lines: new Int32Array(size), length: 0 };
}

/** Makes room for one more row, doubling the arrays when full. */
export function reserveRow(columns: BarColumns): void {
  if (columns.length < columns.lines.length) return;
  const size = columns.lines.length * 2;
  const grown = emptySeries(size);
  const { series } = columns;
  grown.dates = series.dates;
  grown.dates.length = size;
  for (const key of ['open', 'high', 'low', 'close', 'adjClose', 'volume'] as const) grown[key].set(series[key]);
  const lines = new Int32Array(size);
  lines.set(columns.lines);
  columns.series = grown;
  columns.lines = lines;
}

/** The collected rows as an exact-length series in date order (`order` is how they arrived). */
export function finishBarColumns(columns: BarColumns, order: 'ascending' | 'descending' | 'mixed'): BarSeries {
  const { series, length } = columns;
  const trimmed: BarSeries = {
    dates: series.dates.slice(0, length),
    open: series.open.subarray(0, length),
    high: series.high.subarray(0, length),
    low: series.low.subarray(0, length),
    close: series.close.subarray(0, length),
    adjClose: series.adjClose.subarray(0, length),
    volume: series.volume.subarray(0, length),
  };
  if (order === 'ascending') return trimmed;
  if (order === 'descending') {
    trimmed.dates.reverse();
    for (const key of ['open', 'high', 'low', 'close', 'adjClose', 'volume'] as const) trimmed[key].reverse();
    return trimmed;
  }
  const dates = trimmed.dates;
  const sorted = Array.from({ length }, (_, index) => index).sort((a, b) => ((dates[a] ?? '') < (dates[b] ?? '') ? -1 : 1));
  const result = emptySeries(length);
  sorted.forEach((from, to) => {
    result.dates[to] = dates[from] ?? '';
    for (const key of ['open', 'high', 'low', 'close', 'adjClose', 'volume'] as const) {
      result[key][to] = trimmed[key][from] ?? Number.NaN;
    }
  });
  return result;
}
