import type { AppEvent, EventPayloads, JobList } from '../../../shared/contract';
import { isTerminalStatus, type JobRecord, type JobStatus } from '../../../shared/job';
import type { JobKind } from '../../../shared/kinds';
import { matchesQuery, type JobQuery } from './job-query';

/** The jobs known to this window: records by id and their ids newest first. */
export interface JobsSnapshot {
  readonly records: Readonly<Record<string, JobRecord>>;
  readonly order: readonly string[];
}

export type JobEvent = AppEvent<'job/updated'> | AppEvent<'job/progress'>;

export const EMPTY_JOBS: JobsSnapshot = { records: {}, order: [] };

/** How far along the lifecycle a status is; a record never moves back (all terminal states rank alike). */
function lifecycleRank(status: JobStatus): number {
  if (isTerminalStatus(status)) return 3;
  if (status === 'running') return 2;
  if (status === 'preparing') return 1;
  return 0;
}

/** Newest first by creation time, then by id so the order is total. */
export function compareNewestFirst(left: Pick<JobRecord, 'createdAt' | 'id'>, right: Pick<JobRecord, 'createdAt' | 'id'>): number {
  if (left.createdAt !== right.createdAt) return left.createdAt < right.createdAt ? 1 : -1;
  if (left.id === right.id) return 0;
  return left.id < right.id ? 1 : -1;
}

/**
 * Picks what to keep when a record arrives. A fetched page and the event stream can
 * overtake each other, so an older lifecycle state never replaces a newer one, and a
 * fetched record (progress persisted about once a second) keeps the live progress
 * when that is further along in the same phase.
 */
export function reconcileRecord(current: JobRecord | undefined, incoming: JobRecord): JobRecord {
  if (!current) return incoming;
  const currentRank = lifecycleRank(current.status);
  const incomingRank = lifecycleRank(incoming.status);
  if (incomingRank < currentRank) return current;
  if (
    incomingRank === currentRank &&
    !isTerminalStatus(incoming.status) &&
    current.progress.phase === incoming.progress.phase &&
    current.progress.fraction > incoming.progress.fraction
  ) {
    return { ...incoming, progress: current.progress };
  }
  return incoming;
}

/** Merges records from a fetch or `job/updated` events into the snapshot. */
export function mergeJobRecords(snapshot: JobsSnapshot, incoming: readonly JobRecord[]): JobsSnapshot {
  if (incoming.length === 0) return snapshot;
  const records = { ...snapshot.records };
  let hasNewIds = false;
  for (const record of incoming) {
    const current = records[record.id];
    if (!current) hasNewIds = true;
    records[record.id] = reconcileRecord(current, record);
  }
  if (!hasNewIds) return { records, order: snapshot.order };
  const order = Object.values(records).sort(compareNewestFirst).map((record) => record.id);
  return { records, order };
}

/** Applies a `job/progress` event; progress for unknown or finished jobs is dropped. */
export function applyJobProgress(snapshot: JobsSnapshot, update: EventPayloads['job/progress']): JobsSnapshot {
  const current = snapshot.records[update.id];
  if (!current || isTerminalStatus(current.status)) return snapshot;
  return { records: { ...snapshot.records, [update.id]: { ...current, progress: update.progress } }, order: snapshot.order };
}

/** Applies a batch of job events in order. */
export function reduceJobEvents(snapshot: JobsSnapshot, events: readonly JobEvent[]): JobsSnapshot {
  let next = snapshot;
  for (const event of events) {
    next = event.name === 'job/updated' ? mergeJobRecords(next, [event.payload]) : applyJobProgress(next, event.payload);
  }
  return next;
}

/** The host's list of the jobs matching the query shown, as far as fetched. */
export interface JobListing {
  /** How many jobs match on the host. */
  readonly total: number;
  /** Where the host's next page starts; null once every page is fetched. */
  readonly nextOffset: number | null;
  /** The last job fetched while pages remain; null once every page is fetched. */
  readonly oldestFetched: Pick<JobRecord, 'createdAt' | 'id'> | null;
}

export function listingOf(page: JobList): JobListing {
  const last = page.jobs.at(-1);
  const oldestFetched = page.nextOffset !== null && last ? { createdAt: last.createdAt, id: last.id } : null;
  return { total: page.total, nextOffset: page.nextOffset, oldestFetched };
}

/**
 * Keeps the listing true to the host as jobs arrive between fetches (events, the answers to
 * submit and cancel): a job that comes to match the query counts, one that stops matching no
 * longer does. A job this window has not seen yet was counted by the host only if it is older
 * than the fetched range (within it, it would have been fetched); it is then taken as counted
 * as it is now. An entry or exit within the fetched range also moves where the next page starts.
 */
export function recountListing(listing: JobListing, query: JobQuery, before: JobsSnapshot, after: JobsSnapshot, ids: Iterable<string>): JobListing {
  let total = listing.total;
  let shift = 0;
  for (const id of new Set(ids)) {
    const record = after.records[id];
    if (!record) continue;
    const previous = before.records[id];
    const isInFetchedRange = listing.oldestFetched === null || compareNewestFirst(record, listing.oldestFetched) <= 0;
    const wasCounted = previous ? matchesQuery(previous, query) : !isInFetchedRange && matchesQuery(record, query);
    const change = Number(matchesQuery(record, query)) - Number(wasCounted);
    total += change;
    if (isInFetchedRange) shift += change;
  }
  if (total === listing.total && shift === 0) return listing;
  const nextOffset = listing.nextOffset === null ? null : Math.max(0, listing.nextOffset + shift);
  return { ...listing, total: Math.max(0, total), nextOffset };
}

/** Kinds that write the stored prices. */
const DATA_KINDS: ReadonlySet<string> = new Set(['data/import', 'data/delete'] satisfies JobKind[]);

/** Whether the batch finishes a data job (import, delete) that was not finished before: symbols changed. */
export function finishesDataJob(before: JobsSnapshot, events: readonly JobEvent[]): boolean {
  return events.some((event) => {
    if (event.name !== 'job/updated') return false;
    const record = event.payload;
    if (!DATA_KINDS.has(record.kind) || !isTerminalStatus(record.status)) return false;
    const previous = before.records[record.id];
    return !previous || !isTerminalStatus(previous.status);
  });
}

/** Drops cancel requests whose job has reached a terminal state. */
export function settleCancelling(cancelling: ReadonlySet<string>, snapshot: JobsSnapshot): ReadonlySet<string> {
  let settled: Set<string> | null = null;
  for (const id of cancelling) {
    const record = snapshot.records[id];
    if (record && isTerminalStatus(record.status)) {
      settled ??= new Set(cancelling);
      settled.delete(id);
    }
  }
  return settled ?? cancelling;
}
