/// <reference lib="webworker" />
import { expose } from 'comlink';
import { prepareHeatmap, type HeatmapInput, type HeatmapGrid } from './heatmap-grid';
import { lttbIndexes } from './lttb';

/** Columns of a chart sharing one x axis, thinned together. */
export interface SeriesColumns {
  /** Epoch ms, or 'YYYY-MM-DD' dates (parsed here, off the UI thread). */
  x: number[] | string[];
  /** Named y columns; the first one steers which points LTTB keeps. */
  columns: Record<string, number[]>;
}

export interface PreparedSeries {
  x: number[];
  columns: Record<string, number[]>;
  /** Points before thinning. */
  originalLength: number;
}

const api = {
  /** Thins every column at the indexes LTTB picks for `guide` (a column name). */
  downsample(input: SeriesColumns, threshold: number, guide: string): PreparedSeries {
    const xs = input.x.map((value: number | string) => (typeof value === 'number' ? value : Date.parse(value)));
    const guideColumn = input.columns[guide] ?? Object.values(input.columns)[0] ?? [];
    const indexes = lttbIndexes(xs, guideColumn, threshold);
    const columns: Record<string, number[]> = {};
    for (const [name, values] of Object.entries(input.columns)) columns[name] = indexes.map((index) => values[index]!);
    return { x: indexes.map((index) => xs[index]!), columns, originalLength: xs.length };
  },
  heatmap(input: HeatmapInput): HeatmapGrid {
    return prepareHeatmap(input);
  },
};

export type ChartPrepApi = typeof api;

expose(api);
