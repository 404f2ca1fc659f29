/** Turns sweep cells into a grid over two params, the other params fixed or aggregated. */

export interface HeatmapCellInput {
  params: Record<string, number>;
  metric: number | null;
  backtestId: string | null;
}

export type Aggregate = 'max' | 'mean';

export interface HeatmapInput {
  cells: HeatmapCellInput[];
  xParam: string;
  /** null for a one-param sweep: a single row. */
  yParam: string | null;
  /** Per other param: a value to hold it at, or how to fold its values together. */
  others: Record<string, number | Aggregate>;
  /** The axes' full values (the sweep's grid), so cells not run yet still have a place. */
  xValues?: number[];
  yValues?: number[];
}

export interface HeatmapGridCell {
  x: number;
  y: number | null;
  /** The grid's aggregate of the cells folded into this one: their best, or their mean. */
  value: number | null;
  /** The best cell folded into this one: its metric, backtest (what a click opens) and params. */
  bestValue: number | null;
  backtestId: string | null;
  /** Sweep cells folded into this one (finished ones with a metric). */
  count: number;
  params: Record<string, number> | null;
}

export interface HeatmapGrid {
  /** How `value` folds the other params: 'mean' when any of them is averaged. */
  aggregate: Aggregate;
  xValues: number[];
  yValues: (number | null)[];
  /** Row-major: rows follow yValues, columns xValues. */
  cells: HeatmapGridCell[];
  min: number | null;
  max: number | null;
}

const ascending = (left: number, right: number) => left - right;

export function prepareHeatmap(input: HeatmapInput): HeatmapGrid {
  const { xParam, yParam, others } = input;
  const kept = input.cells.filter((cell) =>
    Object.entries(others).every(([name, rule]) => typeof rule !== 'number' || cell.params[name] === rule),
  );
  const valuesOf = (name: string, declared: number[] | undefined) =>
    [...new Set([...(declared ?? []), ...input.cells.map((cell) => cell.params[name]).filter((value): value is number => value !== undefined)])].sort(ascending);
  const xValues = valuesOf(xParam, input.xValues);
  const yValues: (number | null)[] = yParam ? valuesOf(yParam, input.yValues) : [null];
  const aggregate: Aggregate = Object.values(others).some((rule) => rule === 'mean') ? 'mean' : 'max';
  const buckets = new Map<string, HeatmapCellInput[]>();
  for (const cell of kept) {
    const key = `${cell.params[xParam]}|${yParam ? cell.params[yParam] : ''}`;
    const bucket = buckets.get(key);
    if (bucket) bucket.push(cell);
    else buckets.set(key, [cell]);
  }
  let min: number | null = null;
  let max: number | null = null;
  const cells: HeatmapGridCell[] = [];
  for (const y of yValues) {
    for (const x of xValues) {
      const bucket = buckets.get(`${x}|${y ?? ''}`) ?? [];
      const scored = bucket.filter((cell): cell is HeatmapCellInput & { metric: number } => cell.metric !== null && Number.isFinite(cell.metric));
      let best: (typeof scored)[number] | null = null;
      for (const cell of scored) if (!best || cell.metric > best.metric) best = cell;
      let value: number | null = null;
      if (best) value = aggregate === 'max' ? best.metric : scored.reduce((sum, cell) => sum + cell.metric, 0) / scored.length;
      if (value !== null) {
        min = min === null ? value : Math.min(min, value);
        max = max === null ? value : Math.max(max, value);
      }
      const representative = best ?? bucket[0] ?? null;
      cells.push({ x, y, value, bestValue: best?.metric ?? null, backtestId: representative?.backtestId ?? null, count: scored.length, params: representative?.params ?? null });
    }
  }
  return { aggregate, xValues, yValues, cells, min, max };
}
