import { JOB_STATUSES, TERMINAL_STATUSES, type JobRecord, type JobStatus } from '../../../shared/job';

/** The status choices of the jobs filter: everything, a group, or one status. */
export type StatusFilter = 'all' | 'active' | 'finished' | JobStatus;

const STATUS_GROUPS: Record<'active' | 'finished', readonly JobStatus[]> = {
  active: ['queued', 'preparing', 'running'],
  finished: TERMINAL_STATUSES,
};

/** What the jobs page lists; the host is asked for the same. */
export interface JobQuery {
  statusFilter: StatusFilter;
  /** null for every kind. */
  kind: string | null;
}

export const ALL_JOBS: JobQuery = { statusFilter: 'all', kind: null };

export function isStatusFilter(value: string): value is StatusFilter {
  return value === 'all' || value === 'active' || value === 'finished' || (JOB_STATUSES as readonly string[]).includes(value);
}

/** The statuses a filter stands for; null for any. */
export function statusesFor(filter: StatusFilter): readonly JobStatus[] | null {
  if (filter === 'all') return null;
  if (filter === 'active' || filter === 'finished') return STATUS_GROUPS[filter];
  return [filter];
}

export function matchesQuery(job: Pick<JobRecord, 'status' | 'kind'>, query: JobQuery): boolean {
  const statuses = statusesFor(query.statusFilter);
  if (statuses && !statuses.includes(job.status)) return false;
  return query.kind === null || job.kind === query.kind;
}
