/**
 * The renderer's own Web Workers (chart preparation), imported by pages as `../../workers`.
 * Not to be confused with src/workers, the Node job workers the renderer must never import.
 */
export { CHART_POINT_LIMIT, inChartWorker } from './chart-prep';
export type { PreparedSeries, SeriesColumns } from './chart-prep.worker';
export type { Aggregate, HeatmapGrid, HeatmapGridCell, HeatmapInput } from './heatmap-grid';
