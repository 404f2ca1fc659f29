import { LOG_LEVELS, type LogEntry, type LogLevel } from '../../shared/contract';

export const DEFAULT_RING_CAPACITY = 5000;

export interface TailOptions {
  /** Most recent entries to return (after filtering); default 500. */
  limit?: number;
  /** Entries below this level are left out; default 'trace'. */
  minLevel?: LogLevel;
  /** Case-insensitive text that the message, source or fields must contain. */
  search?: string;
}

/**
 * The last N log entries in memory, for the Logs page and `logs/tail`. Fed by a pino
 * stream (one JSON line per entry), so it sees exactly what the log file sees,
 * redaction included; it starts with the entries earlier runs left in that file.
 */
export interface LogRing {
  /** Starts feeding the ring from the logger (idempotent); returns the detach function. */
  attach(): () => void;
  readonly isAttached: boolean;
  /** The newest matching entries, oldest first. */
  tail(options?: TailOptions): LogEntry[];
  /** Called for every new entry; returns the unsubscribe function. */
  onAppend(listener: (entry: LogEntry) => void): () => void;
  readonly size: number;
  readonly capacity: number;
}

/** Where a ring plugs into: a pino multistream (`add` / `remove` by id). */
export interface RingHost {
  add(stream: { write(line: string): void }): number;
  remove(id: number): void;
}

const LEVEL_BY_NUMBER = new Map<number, LogLevel>([
  [10, 'trace'],
  [20, 'debug'],
  [30, 'info'],
  [40, 'warn'],
  [50, 'error'],
  [60, 'fatal'],
]);

const RESERVED_KEYS = new Set(['level', 'time', 'msg', 'source', 'pid', 'hostname']);

interface StoredEntry {
  entry: LogEntry;
  /** Lower-cased text searched by `tail({ search })`, built on first search. */
  searchText?: string;
}

export function levelRank(level: LogLevel): number {
  return LOG_LEVELS.indexOf(level);
}

/** Turns one pino JSON line into a LogEntry; null for lines that are not pino records. */
export function parseLogLine(line: string, seq: number): LogEntry | null {
  let record: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    record = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  const level = typeof record.level === 'number' ? (LEVEL_BY_NUMBER.get(record.level) ?? 'info') : 'info';
  const time =
    typeof record.time === 'string' ? record.time : new Date(typeof record.time === 'number' ? record.time : Date.now()).toISOString();
  const fields: Record<string, unknown> = {};
  let hasFields = false;
  for (const [key, value] of Object.entries(record)) {
    if (RESERVED_KEYS.has(key)) continue;
    fields[key] = value;
    hasFields = true;
  }
  const entry: LogEntry = {
    seq,
    time,
    level,
    message: typeof record.msg === 'string' ? record.msg : '',
    source: typeof record.source === 'string' ? record.source : 'main',
  };
  if (typeof record.pid === 'number') entry.pid = record.pid;
  if (hasFields) entry.fields = fields;
  return entry;
}

/** `history`: entries logged before this ring existed, oldest first (numbered afresh, never announced). */
export function createLogRing(host: RingHost, capacity = DEFAULT_RING_CAPACITY, history: readonly LogEntry[] = []): LogRing {
  const slots: Array<StoredEntry | undefined> = new Array<StoredEntry | undefined>(capacity);
  let nextSeq = 1;
  let count = 0;
  let streamId: number | null = null;
  let isNotifying = false;
  const listeners = new Set<(entry: LogEntry) => void>();

  function store(entry: LogEntry): void {
    slots[(nextSeq - 1) % capacity] = { entry };
    nextSeq += 1;
    count = Math.min(count + 1, capacity);
  }

  for (const entry of history.slice(-capacity)) store({ ...entry, seq: nextSeq });

  function append(line: string): void {
    const entry = parseLogLine(line, nextSeq);
    if (!entry) return;
    store(entry);
    // A listener that logs (e.g. while publishing the entry) must not recurse forever:
    // its own lines are kept in the ring but not announced.
    if (isNotifying || listeners.size === 0) return;
    isNotifying = true;
    try {
      for (const listener of listeners) {
        try {
          listener(entry);
        } catch {
          // A failing listener must not break logging for everyone else.
        }
      }
    } finally {
      isNotifying = false;
    }
  }

  const detach = (): void => {
    if (streamId === null) return;
    host.remove(streamId);
    streamId = null;
  };

  return {
    attach() {
      if (streamId === null) streamId = host.add({ write: append });
      return detach;
    },
    get isAttached() {
      return streamId !== null;
    },
    tail(options = {}) {
      const limit = Math.max(0, Math.min(options.limit ?? 500, capacity));
      const minRank = levelRank(options.minLevel ?? 'trace');
      const needle = options.search?.trim().toLowerCase() || null;
      const matches: LogEntry[] = [];
      // Newest first, stop once we have enough, then restore chronological order.
      for (let offset = 0; offset < count && matches.length < limit; offset++) {
        const stored = slots[(nextSeq - 2 - offset + capacity * 2) % capacity];
        if (!stored) continue;
        const { entry } = stored;
        if (levelRank(entry.level) < minRank) continue;
        if (needle !== null) {
          stored.searchText ??= `${entry.message}\n${entry.source}\n${entry.fields ? JSON.stringify(entry.fields) : ''}`.toLowerCase();
          if (!stored.searchText.includes(needle)) continue;
        }
        matches.push(entry);
      }
      return matches.reverse();
    },
    onAppend(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    get size() {
      return count;
    },
    capacity,
  };
}
