import type { LogEntry } from '../../../shared/contract';

/** Entries the logs page keeps in memory; older ones fall off. */
export const LOG_BUFFER_LIMIT = 2000;

function keepNewest(entries: LogEntry[], limit: number): LogEntry[] {
  return entries.length > limit ? entries.slice(entries.length - limit) : entries;
}

/** Appends live entries in sequence order, dropping ones already held. */
export function appendLogEntries(current: readonly LogEntry[], incoming: readonly LogEntry[], limit = LOG_BUFFER_LIMIT): LogEntry[] {
  if (incoming.length === 0) return current as LogEntry[];
  const lastSeq = current.at(-1)?.seq ?? -Infinity;
  const isInOrder = incoming.every((entry, index) => entry.seq > (index === 0 ? lastSeq : incoming[index - 1]!.seq));
  if (isInOrder) return keepNewest([...current, ...incoming], limit);
  const bySeq = new Map<number, LogEntry>();
  for (const entry of current) bySeq.set(entry.seq, entry);
  for (const entry of incoming) bySeq.set(entry.seq, entry);
  return keepNewest([...bySeq.values()].sort((left, right) => left.seq - right.seq), limit);
}

/**
 * Merges a fetched tail. Live entries may arrive while the tail is on its way, so a tail
 * ending before the buffer is normal; but if the buffer holds a different entry under the
 * tail's last number, the host restarted and numbers afresh: the tail replaces the buffer.
 */
export function mergeLogTail(current: readonly LogEntry[], tail: readonly LogEntry[], limit = LOG_BUFFER_LIMIT): LogEntry[] {
  const tailLast = tail.at(-1);
  const heldLast = current.at(-1);
  if (tailLast && heldLast && tailLast.seq <= heldLast.seq) {
    const held = current.find((entry) => entry.seq === tailLast.seq);
    if (!held || held.time !== tailLast.time) return keepNewest([...tail], limit);
  }
  return appendLogEntries(current, tail, limit);
}
