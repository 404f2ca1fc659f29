import { describe, expect, it } from 'vitest';
import { useTestApps } from '../test-lifecycle';

const start = useTestApps();

interface FanOutResult {
  totalUnits: number;
  completedUnits: number;
  failedUnits: Array<{ unit: string; reason: string }>;
}

describe('fan-out jobs', () => {
  it('spread their chunks over every worker and count units as progress', async () => {
    const { invoke, waitForTerminal, waitForEvent, events } = await start({ concurrency: 2 });
    const job = await invoke('jobs/submit', { kind: 'diagnostics/fan-out', params: { units: 24, unitMs: 20, chunkSize: 2 } });
    await waitForEvent('system/updated', (status) => status.workers.busy === 2 && status.queue.running === 1);
    const finished = await waitForTerminal(job.id);
    expect(finished.status).toBe('succeeded');
    expect(finished.result).toEqual({ totalUnits: 24, completedUnits: 24, failedUnits: [] });
    expect(finished.progress.message).toBe('24 of 24 units');
    const messages = events.flatMap((event) => (event.name === 'job/progress' && event.payload.id === job.id ? [event.payload.progress.message] : []));
    expect(messages.every((message) => /^\d+ of 24 units$/.test(message))).toBe(true);
  });

  it('end partial when some units fail, failed when more than half do', async () => {
    const { invoke, waitForTerminal } = await start({ concurrency: 2 });
    const some = await invoke('jobs/submit', { kind: 'diagnostics/fan-out', params: { units: 6, unitMs: 0, failingUnits: [1, 4] } });
    const most = await invoke('jobs/submit', { kind: 'diagnostics/fan-out', params: { units: 4, unitMs: 0, failingUnits: [0, 1, 2] } });
    const partial = await waitForTerminal(some.id);
    expect(partial.status).toBe('partial');
    expect((partial.result as FanOutResult).failedUnits.map((failure) => failure.unit).sort()).toEqual(['1', '4']);
    const failed = await waitForTerminal(most.id);
    expect(failed.status).toBe('failed');
    expect(failed.error?.message).toBe('3 of 4 units failed');
  });

  it('keep their finished units when cancelled, and say so', async () => {
    const { invoke, waitForTerminal, waitForEvent } = await start({ concurrency: 2 });
    const job = await invoke('jobs/submit', { kind: 'diagnostics/fan-out', params: { units: 400, unitMs: 20, chunkSize: 5 } });
    await waitForEvent('job/progress', (payload) => payload.id === job.id && payload.progress.fraction > 0.02);
    await invoke('jobs/cancel', { id: job.id });
    const cancelled = await waitForTerminal(job.id);
    expect(cancelled.status).toBe('cancelled');
    const result = cancelled.result as FanOutResult;
    expect(result.completedUnits).toBeGreaterThan(0);
    expect(result.completedUnits).toBeLessThan(400);
    expect(cancelled.warnings.join(' ')).toMatch(new RegExp(`Cancelled after ${result.completedUnits} of 400 units; the finished ones are kept`));
    const status = await invoke('system/status', {});
    expect(status.workers).toMatchObject({ alive: 2, restarts: 0 });
  });

  it('leave a worker free for a job submitted while they run', async () => {
    const { invoke, waitForTerminal, waitForStatus } = await start({ concurrency: 2 });
    const sweep = await invoke('jobs/submit', { kind: 'diagnostics/fan-out', params: { units: 200, unitMs: 10, chunkSize: 2 } });
    await waitForStatus(sweep.id, ['running']);
    const other = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } });
    const otherDone = await waitForTerminal(other.id);
    expect(otherDone.status).toBe('succeeded');
    const sweepNow = await invoke('jobs/get', { id: sweep.id });
    expect(sweepNow.status).toBe('running');
    await invoke('jobs/cancel', { id: sweep.id });
    await waitForTerminal(sweep.id);
  });

  it('share the workers evenly when two run at once', async () => {
    const { invoke, waitForTerminal, waitForStatus } = await start({ concurrency: 2 });
    const older = await invoke('jobs/submit', { kind: 'diagnostics/fan-out', params: { units: 400, unitMs: 10, chunkSize: 2 } });
    await waitForStatus(older.id, ['running']);
    const younger = await invoke('jobs/submit', { kind: 'diagnostics/fan-out', params: { units: 20, unitMs: 10, chunkSize: 2 } });
    // Taking turns, the younger job's 10 chunks finish long before the older one's 200; oldest-first, only after them.
    expect((await waitForTerminal(younger.id)).status).toBe('succeeded');
    expect((await invoke('jobs/get', { id: older.id })).status).toBe('running');
    await invoke('jobs/cancel', { id: older.id });
    await waitForTerminal(older.id);
  });
});
