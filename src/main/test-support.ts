import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AppEvent, CommandName, CommandRequest, CommandResponse, EventName, EventPayloads } from '../shared/contract';
import type { ErrorBody } from '../shared/errors';
import { isTerminalStatus, type JobRecord } from '../shared/job';
import { startApp, type AppOptions } from './app';
import type { AppServices } from './app-types';
import { createNodeProcessAdapter } from './jobs/node-process';
import { createLogging } from './services/logging';

/** The worker entry as TypeScript source, run through tsx: tests need no build. */
export const WORKER_SOURCE_ENTRY = fileURLToPath(new URL('../workers/entry.ts', import.meta.url));
export const SAMPLE_DATA_DIR = fileURLToPath(new URL('../../resources/sample-data', import.meta.url));

export function sourceWorkerAdapter() {
  return createNodeProcessAdapter({ entry: WORKER_SOURCE_ENTRY, execArgv: ['--import', 'tsx'] });
}

export function makeTempDir(prefix = 'quantdesk-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export class CommandFailed extends Error {
  constructor(readonly body: ErrorBody) {
    super(`${body.kind}: ${body.message}`);
  }
}

/** A real app (real SQLite files in a temp dir, real worker processes) with helpers to await its events. */
export interface TestApp {
  app: AppServices;
  dataDir: string;
  /** Every event published since start, in order. */
  events: AppEvent[];
  invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<CommandResponse<C>>;
  /** Resolves with the error body; fails the test if the command succeeds. */
  invokeError<C extends CommandName>(command: C, request: unknown): Promise<ErrorBody>;
  waitForEvent<E extends EventName>(name: E, predicate: (payload: EventPayloads[E]) => boolean): Promise<EventPayloads[E]>;
  waitForStatus(jobId: string, statuses: JobRecord['status'][]): Promise<JobRecord>;
  waitForTerminal(jobId: string): Promise<JobRecord>;
  /** Closes the app (idempotent). */
  close(): Promise<void>;
}

export async function startTestApp(options: Partial<AppOptions> = {}): Promise<TestApp> {
  const dataDir = options.dataDir ?? makeTempDir();
  const logging = options.logging ?? (await createLogging({ logDir: join(dataDir, 'logs'), level: 'debug' }));
  const app = await startApp({
    processAdapter: sourceWorkerAdapter(),
    concurrency: 2,
    enableDiagnostics: true,
    ...options,
    dataDir,
    logging,
  });
  const events: AppEvent[] = [];
  const waiters = new Set<(event: AppEvent) => void>();
  app.events.subscribe((event) => {
    events.push(event);
    for (const waiter of waiters) waiter(event);
  });

  function waitForEvent<E extends EventName>(name: E, predicate: (payload: EventPayloads[E]) => boolean) {
    const seen = events.find((event) => event.name === name && predicate(event.payload as EventPayloads[E]));
    if (seen) return Promise.resolve(seen.payload as EventPayloads[E]);
    return new Promise<EventPayloads[E]>((resolve) => {
      const waiter = (event: AppEvent) => {
        if (event.name !== name || !predicate(event.payload as EventPayloads[E])) return;
        waiters.delete(waiter);
        resolve(event.payload as EventPayloads[E]);
      };
      waiters.add(waiter);
    });
  }

  let closing: Promise<void> | null = null;

  async function invoke<C extends CommandName>(command: C, request: CommandRequest<C>) {
    const envelope = await app.dispatch(command, request);
    if (!envelope.ok) throw new CommandFailed(envelope.error);
    return envelope.data;
  }

  return {
    app,
    dataDir,
    events,
    invoke,
    async invokeError(command, request) {
      const envelope = await app.dispatch(command, request);
      if (envelope.ok) throw new Error(`Expected ${command} to fail, it answered ${JSON.stringify(envelope.data)}`);
      return envelope.error;
    },
    waitForEvent,
    waitForStatus: (jobId, statuses) =>
      waitForEvent('job/updated', (job) => job.id === jobId && statuses.includes(job.status)),
    waitForTerminal: (jobId) => waitForEvent('job/updated', (job) => job.id === jobId && isTerminalStatus(job.status)),
    close: () =>
      (closing ??= (async () => {
        await app.close();
        if (!options.logging) await logging.close();
      })()),
  };
}
