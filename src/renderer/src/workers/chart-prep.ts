import { wrap, type Remote } from 'comlink';
import type { ChartPrepApi } from './chart-prep.worker';

/** Series longer than this are thinned (LTTB, in the worker) before they reach a chart. */
export const CHART_POINT_LIMIT = 2000;

let remote: Remote<ChartPrepApi> | null = null;
let failure: Promise<never> | null = null;

function start(): void {
  const worker = new Worker(new URL('./chart-prep.worker.ts', import.meta.url), { type: 'module' });
  remote = wrap<ChartPrepApi>(worker);
  // A worker that cannot load never answers: calls must fail instead of waiting forever.
  failure = new Promise<never>((_, reject) => {
    worker.addEventListener('error', (event) => {
      remote = null;
      reject(new Error(event.message || 'The chart worker could not start'));
    });
  });
  failure.catch(() => {});
}

/**
 * Runs a call on the chart-prep worker (started on first use, shared by every chart);
 * rejects if the worker fails to load.
 */
export function inChartWorker<T>(call: (api: Remote<ChartPrepApi>) => Promise<T>): Promise<T> {
  if (!remote) start();
  return Promise.race([call(remote!), failure!]);
}
