import type { ChunkKind, JobKind } from '../../shared/kinds';
import type { Task } from '../task';
import { backtestRunTask, backtestSweepChunkTask } from './backtest-run';
import { dataDeleteTask } from './data-delete';
import { dataImportTask } from './data-import';
import { crashTask, fanOutChunkTask, hangTask, progressFloodTask, sleepTask } from './diagnostics';

/**
 * The implementation of every kind a worker runs. Fan-out jobs (diagnostics/fan-out) never
 * reach a worker whole: main plans them and sends their chunks.
 */
export const TASKS = {
  'data/import': dataImportTask as Task,
  'data/delete': dataDeleteTask as Task,
  'backtest/run': backtestRunTask as Task,
  'backtest/sweep-chunk': backtestSweepChunkTask as Task,
  'diagnostics/sleep': sleepTask as Task,
  'diagnostics/hang': hangTask as Task,
  'diagnostics/crash': crashTask as Task,
  'diagnostics/progress-flood': progressFloodTask as Task,
  'diagnostics/fan-out-chunk': fanOutChunkTask as Task,
} satisfies Record<Exclude<JobKind, 'diagnostics/fan-out' | 'backtest/sweep'> | ChunkKind, Task>;
