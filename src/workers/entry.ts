import { connectToParent } from './channel';
import { serveJobs } from './runtime';
import { TASKS } from './tasks';

serveJobs(connectToParent(), TASKS);
