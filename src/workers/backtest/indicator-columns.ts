import { LRUCache } from 'lru-cache';
import type { BarSeries } from '../../main/store/market/bars';
import type { IndicatorSpec } from './indicators';
import type { Bar, IndicatorView, Indicators } from './strategy';

/** A column in the budget: where it lives (its series' columns, held weakly) and its length. */
interface BudgetEntry {
  owner: WeakRef<Map<string, Float64Array>>;
  specKey: string;
  values: number;
}

/**
 * A budget of column values shared by the series that use it, least recently used first out.
 * It holds no column itself: a column lives in its series' `IndicatorColumns`, and goes with
 * it when the series is dropped (a re-imported symbol, bars leaving a worker's cache). An entry
 * whose series is gone holds nothing and ages out like any other.
 */
export function createColumnBudget(maxValues: number): LRUCache<string, BudgetEntry> {
  return new LRUCache<string, BudgetEntry>({
    maxSize: maxValues,
    sizeCalculation: (entry) => Math.max(1, entry.values),
    dispose: (entry) => entry.owner.deref()?.delete(entry.specKey),
  });
}

/** The process's budget: 8 M values (64 MB). */
const processBudget = createColumnBudget(8_000_000);

let seriesCount = 0;

/**
 * Indicator columns computed once per series and shared by the runs on it: a sweep's cells
 * differ in their parameters, not in their data, so `sma(close, 20)` is computed once per
 * worker for all the cells that use it. A single run reads the columns kept before it but
 * keeps none it computes: a later run seldom asks for the same ones, and keeping them cost
 * each run ~8 % (mostly the garbage collector's work on the columns it kept).
 */
export class IndicatorColumns {
  /** Which series this is, in the budget's keys. */
  private readonly id = `${seriesCount++}`;
  private readonly columns = new Map<string, Float64Array>();
  private readonly self = new WeakRef(this.columns);

  constructor(
    private readonly series: BarSeries,
    private readonly budget: LRUCache<string, BudgetEntry> = processBudget,
  ) {}

  /**
   * The column of `spec` over this series (never to be written to). With `keep`, a column
   * computed here is kept for later runs (within the budget); without, a kept one is still read.
   */
  get(spec: IndicatorSpec, keep = true): Float64Array {
    return this.kept(spec) ?? this.computed(spec, spec.compute(this.series), keep);
  }

  /** `get` of each, computed together (`first.computeWith`) when neither is kept. */
  getPair(first: IndicatorSpec, second: IndicatorSpec, keep = true): [Float64Array, Float64Array] {
    const isEitherKept = this.columns.has(first.key) || this.columns.has(second.key);
    const pair = isEitherKept ? undefined : first.computeWith?.(second, this.series);
    if (pair === undefined) return [this.get(first, keep), this.get(second, keep)];
    return [this.computed(first, pair[0], keep), this.computed(second, pair[1], keep)];
  }

  /** The strategy's `Indicators` for a run whose current bar is `cursor`, keeping the columns it computes if `keep`. */
  viewsAt(cursor: Bar, keep: boolean): Indicators {
    return {
      of: (spec) => new ColumnView(this.get(spec, keep), cursor),
      pairOf: (first, second) => {
        const [firstColumn, secondColumn] = this.getPair(first, second, keep);
        return [new ColumnView(firstColumn, cursor), new ColumnView(secondColumn, cursor)];
      },
    };
  }

  /** The kept column of `spec`, marked recently used; undefined if none is. */
  private kept(spec: IndicatorSpec): Float64Array | undefined {
    const column = this.columns.get(spec.key);
    if (column !== undefined) this.budget.get(this.budgetKey(spec));
    return column;
  }

  /** `column`, just computed for `spec`: kept if `keep` and the budget can hold it. */
  private computed(spec: IndicatorSpec, column: Float64Array, keep: boolean): Float64Array {
    if (!keep) return column;
    const key = this.budgetKey(spec);
    this.columns.set(spec.key, column);
    this.budget.set(key, { owner: this.self, specKey: spec.key, values: column.length });
    // A column longer than the whole budget is not kept: it is computed afresh each time.
    if (!this.budget.has(key)) this.columns.delete(spec.key);
    return column;
  }

  private budgetKey(spec: IndicatorSpec): string {
    return `${this.id}|${spec.key}`;
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
