import { LRUCache } from 'lru-cache';
import type { BarSeries } from '../../main/store/market/bars';
import type { IndicatorSpec } from './indicators';
import type { Bar, IndicatorView, Indicators } from './strategy';

/**
 * Indicator columns computed once per series and shared by every run on it: a sweep's
 * cells differ in their parameters, not in their data, so `sma(close, 20)` is computed once
 * per worker for all the cells that use it. One budget for the whole process: 8 M values
 * (64 MB), least recently used first out.
 */
const columns = new LRUCache<string, Float64Array>({ maxSize: 8_000_000, sizeCalculation: (column) => Math.max(1, column.length) });

let seriesCount = 0;

export class IndicatorColumns {
  /** Which series this is, in the shared cache's keys. */
  private readonly id = `${seriesCount++}`;

  constructor(private readonly series: BarSeries) {}

  /** The column of `spec` over this series (never to be written to). */
  get(spec: IndicatorSpec): Float64Array {
    const key = `${this.id}|${spec.key}`;
    let column = columns.get(key);
    if (column === undefined) {
      column = spec.compute(this.series);
      columns.set(key, column);
    }
    return column;
  }

  /** The strategy's `Indicators` for a run whose current bar is `cursor`. */
  viewsAt(cursor: Bar): Indicators {
    return { of: (spec) => new ColumnView(this.get(spec), cursor) };
  }
}

/** A column read at the cursor: the bar that has just closed and the one before, nothing later. */
class ColumnView implements IndicatorView {
  constructor(
    private readonly column: Float64Array,
    private readonly cursor: Bar,
  ) {}

  get current(): number {
    return this.column[this.cursor.index]!;
  }

  get previous(): number {
    return this.column[this.cursor.index - 1]!;
  }
}
