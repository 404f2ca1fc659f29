import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobList } from '../../../shared/contract';
import type { JobRecord } from '../../../shared/job';
import { jobFixture } from '../../../shared/job-fixture';
import { loadCommand, requestCommand } from './command';
import { useJobsStore } from './jobs-store';
import { LOST_CONTACT_GRACE_MS, useSystemStore } from './system-store';

vi.mock('./command', () => ({ loadCommand: vi.fn(), requestCommand: vi.fn(), runCommand: vi.fn() }));
const loadCommandMock = vi.mocked(loadCommand);
const requestCommandMock = vi.mocked(requestCommand);

const at = (minute: number) => new Date(Date.UTC(2026, 0, 1, 0, minute)).toISOString();
const job = (minute: number, status: JobRecord['status'] = 'succeeded') => jobFixture({ id: `job-${minute}`, createdAt: at(minute), status });

afterEach(() => {
  loadCommandMock.mockReset();
  requestCommandMock.mockReset();
  useJobsStore.setState(useJobsStore.getInitialState());
  useSystemStore.setState(useSystemStore.getInitialState());
});

describe('useJobsStore', () => {
  it('keeps the total current as jobs arrive: 100 of 166, five submitted, 105 of 171', async () => {
    const page: JobList = { jobs: Array.from({ length: 100 }, (_, index) => job(200 - index)), total: 166, nextOffset: 100 };
    loadCommandMock.mockResolvedValueOnce(page);
    await useJobsStore.getState().loadFirstPage();

    requestCommandMock.mockResolvedValueOnce({ ok: true, data: job(300, 'queued') });
    await useJobsStore.getState().submit({ kind: 'data/import', params: {} });
    useJobsStore.getState().applyEvents([301, 302, 303, 304, 300].map((minute) => ({ name: 'job/updated', payload: job(minute, 'queued') })));

    const { order, listing } = useJobsStore.getState();
    expect(order).toHaveLength(105);
    expect(listing).toMatchObject({ total: 171, nextOffset: 105 });
  });

  it('does not ask for the list while the host cannot be reached; the resync once back does', async () => {
    vi.useFakeTimers();
    useSystemStore.getState().setConnection('reconnecting');
    vi.advanceTimersByTime(LOST_CONTACT_GRACE_MS);
    vi.useRealTimers();
    useJobsStore.getState().setQuery({ statusFilter: 'failed', kind: null });
    await useJobsStore.getState().loadFirstPage();
    expect(loadCommandMock).not.toHaveBeenCalled();

    useSystemStore.getState().setConnection('connected');
    loadCommandMock.mockResolvedValueOnce({ jobs: [], total: 0, nextOffset: null });
    await useJobsStore.getState().loadFirstPage();
    expect(loadCommandMock).toHaveBeenCalledWith('jobs/list', { limit: 100, offset: 0, statuses: ['failed'] }, 'Could not load jobs');
  });
});
