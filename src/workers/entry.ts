import { constants, setPriority } from 'node:os';
import { connectToParent } from './channel';
import { serveJobs } from './runtime';
import { TASKS } from './tasks';

// Compute gives way to main and the window: a busy pool must never make the app feel stuck.
// (On a 2-core machine, two busy workers at normal priority doubled main's p99 event-loop lag.)
try {
  setPriority(constants.priority.PRIORITY_BELOW_NORMAL);
} catch (error) {
  console.warn(`Could not lower this worker's priority: ${(error as Error).message}`);
}

serveJobs(connectToParent(), TASKS);
