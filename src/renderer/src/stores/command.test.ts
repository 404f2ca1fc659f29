import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QuantdeskApi } from '../../../shared/contract';
import { getApi } from '../api/client';
import { loadCommand, requestCommand, runCommand } from './command';
import { useNoticesStore } from './notices-store';

vi.mock('../api/client', () => ({ getApi: vi.fn() }));

function answering(envelope: unknown): void {
  vi.mocked(getApi).mockReturnValue({ invoke: vi.fn().mockResolvedValue(envelope), subscribe: () => () => {} } as unknown as QuantdeskApi);
}

const unreachable = { ok: false, error: { kind: 'unavailable', message: "Cannot reach Quantdesk's host." }, meta: { elapsedMs: 1 } };
const queueFull = { ok: false, error: { kind: 'queue_full', message: 'The job queue is full (20 waiting).' }, meta: { elapsedMs: 1 } };
const titles = () => useNoticesStore.getState().notices.map((notice) => notice.title);

afterEach(() => useNoticesStore.setState({ notices: [] }));

describe('commands', () => {
  it('requestCommand answers a refusal for the caller to show, and shows nothing itself', async () => {
    answering(queueFull);
    expect(await requestCommand('jobs/submit', { kind: 'backtest/run', params: {} })).toEqual({ ok: false, error: queueFull.error });
    expect(titles()).toEqual([]);
  });

  it('runCommand shows every refusal, the host being unreachable included', async () => {
    answering(unreachable);
    expect(await runCommand('jobs/cancel', { id: 'j' }, 'Could not cancel the job')).toBeNull();
    expect(titles()).toEqual(['Could not cancel the job']);
  });

  it('loadCommand leaves an unreachable host to the connection banner, and shows other refusals', async () => {
    answering(unreachable);
    expect(await loadCommand('jobs/list', {}, 'Could not load jobs')).toBeNull();
    expect(titles()).toEqual([]);
    answering({ ok: false, error: { kind: 'internal', message: 'disk I/O error' }, meta: { elapsedMs: 1 } });
    expect(await loadCommand('jobs/list', {}, 'Could not load jobs')).toBeNull();
    expect(titles()).toEqual(['Could not load jobs']);
  });
});
