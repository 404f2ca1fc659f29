import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../shared/job';
import { isStatusFilter, matchesQuery, statusesFor } from './job-query';

const job: Pick<JobRecord, 'status' | 'kind'> = { status: 'running', kind: 'data/import' };

describe('job queries', () => {
  it('expands status groups', () => {
    expect(statusesFor('all')).toBeNull();
    expect(statusesFor('active')).toEqual(['queued', 'preparing', 'running']);
    expect(statusesFor('finished')).toEqual(['succeeded', 'partial', 'failed', 'cancelled']);
    expect(statusesFor('failed')).toEqual(['failed']);
  });

  it('matches by status and kind', () => {
    expect(matchesQuery(job, { statusFilter: 'active', kind: null })).toBe(true);
    expect(matchesQuery(job, { statusFilter: 'finished', kind: null })).toBe(false);
    expect(matchesQuery(job, { statusFilter: 'all', kind: 'diagnostics/sleep' })).toBe(false);
  });

  it('recognises filter values', () => {
    expect(isStatusFilter('partial')).toBe(true);
    expect(isStatusFilter('interrupted')).toBe(false);
  });
});
