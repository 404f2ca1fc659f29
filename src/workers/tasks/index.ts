import type { JobKind } from '../../shared/kinds';
import type { Task } from '../task';
import { dataImportTask } from './data-import';
import { crashTask, hangTask, progressFloodTask, sleepTask } from './diagnostics';

/** The implementation of every job kind; main decides which kinds may be submitted. */
export const TASKS = {
  'data/import': dataImportTask as Task,
  'diagnostics/sleep': sleepTask as Task,
  'diagnostics/hang': hangTask as Task,
  'diagnostics/crash': crashTask as Task,
  'diagnostics/progress-flood': progressFloodTask as Task,
} satisfies Record<JobKind, Task>;
