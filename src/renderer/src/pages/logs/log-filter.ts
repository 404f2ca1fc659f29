import { LOG_LEVELS, type LogEntry, type LogLevel } from '../../../../shared/contract';

export function isLogLevel(value: string): value is LogLevel {
  return (LOG_LEVELS as readonly string[]).includes(value);
}

/** Where an entry came from: `worker:4242`, `main`. */
export function logSource(entry: LogEntry): string {
  return entry.pid === undefined ? entry.source : `${entry.source}:${entry.pid}`;
}

/** Structured fields as `key=value` pairs, for display and search. */
export function formatLogFields(fields: LogEntry['fields']): string {
  if (!fields) return '';
  return Object.entries(fields)
    .map(([key, value]) => `${key}=${typeof value === 'string' ? value : JSON.stringify(value)}`)
    .join(' ');
}

/** Entries at or above `minLevel` whose message, source or fields contain `search` (any case). */
export function filterLogEntries(entries: readonly LogEntry[], minLevel: LogLevel, search: string): LogEntry[] {
  const threshold = LOG_LEVELS.indexOf(minLevel);
  const needle = search.trim().toLowerCase();
  return entries.filter((entry) => {
    if (LOG_LEVELS.indexOf(entry.level) < threshold) return false;
    if (!needle) return true;
    return `${entry.message} ${logSource(entry)} ${formatLogFields(entry.fields)}`.toLowerCase().includes(needle);
  });
}
