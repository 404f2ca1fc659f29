import { afterEach, describe, expect, it, vi } from 'vitest';
import type { QuantdeskApi } from '../../../shared/contract';
import { getApi } from '../api/client';
import { allPages, loadCommand, requestCommand, runCommand, type Page } from './command';
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

describe('allPages', () => {
  const pages: Record<number, Page<string>> = { 0: { items: ['a', 'b'], nextOffset: 2 }, 2: { items: ['c', 'd'], nextOffset: 4 }, 4: { items: ['e'], nextOffset: null } };

  it('asks for each page from where the last one ended, until there is no next', async () => {
    const asked: number[] = [];
    const items = await allPages(async (offset) => {
      asked.push(offset);
      return pages[offset] ?? null;
    });
    expect(items).toEqual(['a', 'b', 'c', 'd', 'e']);
    expect(asked).toEqual([0, 2, 4]);
  });

  it('gives up, with nothing, as soon as a page cannot be had', async () => {
    const asked: number[] = [];
    const items = await allPages(async (offset) => {
      asked.push(offset);
      return offset === 2 ? null : (pages[offset] ?? null);
    });
    expect(items).toBeNull();
    expect(asked).toEqual([0, 2]);
  });
});
