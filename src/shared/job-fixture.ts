import type { JobRecord } from './job';

/** A job record for tests: a queued import with every field set, overridden as needed. */
export function jobFixture(overrides: Partial<JobRecord> = {}): JobRecord {
  return {
    id: 'job-1',
    kind: 'data/import',
    params: {},
    status: 'queued',
    progress: { fraction: 0, message: '', phase: null },
    warnings: [],
    error: null,
    result: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    startedAt: null,
    finishedAt: null,
    cancelReason: null,
    ...overrides,
  };
}
