import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import pino from 'pino';
import pinoRoll from 'pino-roll';
import type { LogEntry, LogLevel } from '../../shared/contract';
import { endCutLine, readLogHistory } from './logging-history';
import { redactRecord, redactValue, scrubText } from './logging-redact';
import { createLogRing, DEFAULT_RING_CAPACITY, parseLogLine, type LogRing } from './logging-ring';

export type { LogRing, TailOptions } from './logging-ring';
export { pathWithoutQuery, scrubText } from './logging-redact';

export interface LoggingOptions {
  /** Directory for rotating log files (`<dataDir>/logs`); no files when absent. */
  logDir?: string;
  /** Lowest level logged anywhere; default 'info'. */
  level?: LogLevel;
  /** Also write warnings and worse to stderr (hosts run from a terminal). */
  echoToStderr?: boolean;
  /** Entries kept in memory for the Logs page, starting with the newest in logDir; default 5000. */
  ringCapacity?: number;
  /** Rotate a log file once it reaches this size; default '10m' (pino-roll units). */
  maxFileSize?: string;
  /** Log files kept in logDir (about: pruning runs as files roll); default 5. */
  maxFiles?: number;
}

/**
 * The one structured logger of a main process (Electron main or headless host).
 * Children carry `source` ('main' when absent, 'host', 'worker') and, for workers, `pid`.
 */
export interface Logging {
  logger: pino.Logger;
  ring: LogRing;
  /**
   * Pauses or resumes the stderr echo (when enabled at creation), e.g. while a CLI
   * reports a failure on stderr in its own words.
   */
  setStderrEcho(isEnabled: boolean): void;
  /** Resolves once every line logged so far has been written to the log file (at once without one). */
  flush(): Promise<void>;
  /**
   * Flushes and closes the log files, and lets the pruning of old ones finish.
   * The logger must not be used afterwards.
   */
  close(): Promise<void>;
}

/** The active log file's name inside logDir; rotated ones are `quantdesk.N.log`. */
export const LOG_FILE_BASENAME = 'quantdesk';

/** The rotating log file behind the logger. */
interface LogFile {
  write(line: string): void;
  /** Resolves once every line handed over so far has been written. */
  flush(): Promise<void>;
  /** Writes what is left, closes the file and waits for pruning started by a rotation. */
  close(): Promise<void>;
}

/** pino's multistream keeps the id of the stream added last; its typings omit it. */
interface MultiStreamWithIds {
  lastId: number;
}

export async function createLogging(options: LoggingOptions = {}): Promise<Logging> {
  const level = options.level ?? 'info';
  const ringCapacity = options.ringCapacity ?? DEFAULT_RING_CAPACITY;
  const multistream = pino.multistream([], { dedupe: false });
  let file: LogFile | null = null;
  let fileStreamId: number | null = null;
  let history: LogEntry[] = [];
  let historyError: unknown = null;

  if (options.logDir) {
    // Read before the file opens, so the ring starts with earlier runs' entries and none of this run's.
    try {
      history = await readLogHistory(options.logDir, LOG_FILE_BASENAME, ringCapacity);
    } catch (error) {
      historyError = error;
    }
    file = await openLogFile(options.logDir, options);
    multistream.add({ level, stream: file });
    fileStreamId = (multistream as unknown as MultiStreamWithIds).lastId;
  }
  let isEchoing = options.echoToStderr === true;
  if (isEchoing) {
    multistream.add({
      level: 'warn',
      stream: { write: (line: string) => isEchoing && process.stderr.write(formatForTerminal(line)) },
    });
  }

  const logger = pino(
    {
      level,
      // No pid/hostname on every line: `source` and (for workers) `pid` come from child bindings.
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: {
        // Also turns errors (at any depth) into plain objects with scrubbed messages.
        log: (record) => redactRecord(record),
      },
      // Errors were serialised (and scrubbed) by the formatter already.
      serializers: { err: (value: unknown) => value },
      hooks: {
        logMethod(args, method) {
          const scrubbed = args.map((arg, index) =>
            typeof arg === 'string' ? scrubText(arg) : index > 0 ? redactValue(arg) : arg,
          ) as Parameters<typeof method>;
          method.apply(this, scrubbed);
        },
      },
    },
    multistream,
  );

  // pino formats a child's bindings without the root's formatters, so redact them on the way in.
  // Children are prototype-derived from the root, so they inherit this wrapper too.
  const createChild = logger.child;
  logger.child = function (this: pino.Logger, bindings, childOptions) {
    return createChild.call(this, redactRecord(bindings), childOptions);
  } as typeof logger.child;

  const ring = createLogRing(
    {
      add(stream) {
        multistream.add({ level, stream });
        return (multistream as unknown as MultiStreamWithIds).lastId;
      },
      remove(id) {
        multistream.remove(id);
      },
    },
    ringCapacity,
    history,
  );
  // Attached once, here; tests detach it to check nothing else feeds it.
  ring.attach();
  if (historyError) logger.warn({ err: historyError }, 'Could not read the entries earlier runs logged');

  let closing: Promise<void> | null = null;
  return {
    logger,
    ring,
    setStderrEcho(isEnabled) {
      isEchoing = isEnabled && options.echoToStderr === true;
    },
    flush() {
      return closing ?? file?.flush() ?? Promise.resolve();
    },
    close() {
      // Late lines (a worker exiting after shutdown) still reach the ring, never a closed file.
      if (fileStreamId !== null) multistream.remove(fileStreamId);
      fileStreamId = null;
      closing ??= file?.close() ?? Promise.resolve();
      return closing;
    },
  };
}

async function openLogFile(logDir: string, options: LoggingOptions): Promise<LogFile> {
  mkdirSync(logDir, { recursive: true });
  await endCutLine(logDir, LOG_FILE_BASENAME);
  const stream = await pinoRoll({
    file: join(logDir, LOG_FILE_BASENAME),
    extension: '.log',
    size: options.maxFileSize ?? '10m',
    // Counted over the folder, not just this run's files, so restarts cannot pile them up.
    limit: { count: options.maxFiles ?? 5, removeOtherLogFiles: true },
    mkdir: true,
  });

  let unwrittenBytes = 0;
  stream.on('write', (bytes: number) => (unwrittenBytes -= bytes));
  // pino-roll rotates by reopening the stream ('ready' again; the first one is the initial
  // open, still to come as the stream opens asynchronously), then prunes old files in the
  // background and reports each pruning with 'cleanup-complete'.
  let rotations = -1;
  let prunings = 0;
  stream.on('ready', () => (rotations += 1));
  stream.on('cleanup-complete', () => (prunings += 1));
  // A failed pruning reports 'error' instead, and will never complete: stop counting on it
  // (and say so), rather than let close() wait for it forever.
  let hasFailed = false;
  stream.on('error', (error: Error) => {
    hasFailed = true;
    process.stderr.write(`Quantdesk: the log file failed: ${error.message}\n`);
  });

  /** Resolves once `isDone` holds, checked on each `progressEvent`; an error ends the wait. */
  function waitUntil(isDone: () => boolean, progressEvent: string): Promise<void> {
    if (isDone()) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const check = () => {
        if (isDone()) finish();
      };
      const finish = () => {
        stream.off(progressEvent, check);
        stream.off('error', finish);
        resolve();
      };
      stream.on(progressEvent, check);
      stream.once('error', finish);
    });
  }

  return {
    write(line) {
      unwrittenBytes += Buffer.byteLength(line);
      stream.write(line);
    },
    flush() {
      return waitUntil(() => unwrittenBytes <= 0, 'write');
    },
    async close() {
      await new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.once('error', () => resolve());
        stream.end();
      });
      // Once closed, every rotation has had its 'ready', so `rotations` is final.
      await waitUntil(() => hasFailed || prunings >= rotations, 'cleanup-complete');
    },
  };
}

/** One readable line for a terminal: `time LEVEL source[pid] message {fields}`. */
export function formatForTerminal(line: string): string {
  const entry = parseLogLine(line, 0);
  if (!entry) return line.endsWith('\n') ? line : `${line}\n`;
  const source = entry.pid === undefined ? entry.source : `${entry.source}[${entry.pid}]`;
  // Stacks stay in the log file; the terminal gets the error's message.
  const { err, ...rest } = entry.fields ?? {};
  const errorMessage = err && typeof err === 'object' && 'message' in err ? `: ${String(err.message)}` : '';
  const fields = Object.keys(rest).length > 0 ? ` ${JSON.stringify(rest)}` : '';
  return `${entry.time} ${entry.level.toUpperCase()} ${source}: ${entry.message}${errorMessage}${fields}\n`;
}
