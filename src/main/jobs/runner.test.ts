import { describe, expect, it } from 'vitest';
import type { AppEvent } from '../../shared/contract';
import { isTerminalStatus } from '../../shared/job';
import { useTestApps } from '../test-lifecycle';

const start = useTestApps();

describe('job runner', () => {
  it('answers submit at once with the stored record, then runs it to success through every status', async () => {
    const { invoke, waitForTerminal, events } = await start();
    const job = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 50, units: 2 } });
    expect(job.status).toBe('queued');
    expect(job.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);

    const finished = await waitForTerminal(job.id);
    expect(finished.status).toBe('succeeded');
    expect(finished.result).toEqual({ units: 2, skippedUnits: 0 });
    const statuses = events
      .filter((event): event is AppEvent<'job/updated'> => event.name === 'job/updated' && event.payload.id === job.id)
      .map((event) => event.payload.status);
    expect([...new Set(statuses)]).toEqual(['queued', 'preparing', 'running', 'succeeded']);
    const stored = await invoke('jobs/get', { id: job.id });
    expect(stored).toMatchObject({ status: 'succeeded', finishedAt: finished.finishedAt });
    expect(stored.startedAt).not.toBeNull();
  });

  it('refuses unknown kinds, unknown fields, out-of-range values and deep nesting', async () => {
    const { invokeError } = await start();
    expect(await invokeError('jobs/submit', { kind: 'nope', params: {} })).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining("Unknown job kind 'nope'"),
    });
    expect(await invokeError('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 1, extra: 1 } })).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('extra'),
    });
    expect(await invokeError('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: -5 } })).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('durationMs'),
    });
    expect(await invokeError('jobs/submit', { kind: 'data/import', params: { paths: [] } })).toMatchObject({ kind: 'invalid' });
    expect(await invokeError('jobs/submit', { kind: 'data/import', params: { paths: ['x'.repeat(5000)] } })).toMatchObject({
      kind: 'invalid',
    });
    expect(await invokeError('jobs/list', { limit: 100, sneaky: true })).toMatchObject({ kind: 'invalid' });
    let deep: unknown = 1;
    for (let level = 0; level < 12; level++) deep = { nested: deep };
    expect(await invokeError('jobs/submit', { kind: 'diagnostics/sleep', params: deep })).toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('nested deeper'),
    });
    expect(await invokeError('jobs/frobnicate' as never, {})).toMatchObject({ kind: 'not_found' });
  });

  it('refuses a submit past the queue limit with the count waiting, and frees a slot on completion', async () => {
    const { invoke, invokeError, waitForStatus, waitForTerminal } = await start({ concurrency: 1, queueLimit: 2 });
    const running = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 600 } });
    await waitForStatus(running.id, ['running']);
    const waiting = [
      await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } }),
      await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } }),
    ];
    const refused = await invokeError('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } });
    expect(refused).toMatchObject({ kind: 'queue_full', details: { waiting: 2, limit: 2 } });
    expect(refused.message).toContain('2 jobs are waiting');

    await waitForTerminal(running.id);
    await waitForStatus(waiting[0]!.id, ['preparing', 'running', 'succeeded']);
    const accepted = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } });
    expect(accepted.status).toBe('queued');
    for (const job of [...waiting, accepted]) expect((await waitForTerminal(job.id)).status).toBe('succeeded');
  });

  it('cancels a queued job at once', async () => {
    const { invoke, waitForStatus, waitForTerminal } = await start({ concurrency: 1 });
    const blocker = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 400 } });
    const queued = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } });
    await waitForStatus(blocker.id, ['running']);
    const cancelled = await invoke('jobs/cancel', { id: queued.id });
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled.startedAt).toBeNull();
    expect(cancelled.cancelReason).toBe('beforeStart');
    expect((await waitForTerminal(queued.id)).status).toBe('cancelled');
    expect((await waitForTerminal(blocker.id)).status).toBe('succeeded');
    // Cancelling again is harmless; cancelling a finished job is a conflict.
    expect((await invoke('jobs/cancel', { id: queued.id })).status).toBe('cancelled');
    await expect(invoke('jobs/cancel', { id: blocker.id })).rejects.toThrow(/conflict: .*already finished \(succeeded\)/);
    await expect(invoke('jobs/cancel', { id: 'missing' })).rejects.toThrow(/not_found/);
  });

  it('cancels a running job cooperatively and keeps the worker', async () => {
    const { invoke, waitForEvent, waitForStatus, waitForTerminal, events } = await start({ concurrency: 1 });
    const job = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 60_000, units: 600 } });
    await waitForEvent('job/progress', (payload) => payload.id === job.id);
    await invoke('jobs/cancel', { id: job.id });
    const finished = await waitForTerminal(job.id);
    expect(finished.status).toBe('cancelled');
    expect(finished.warnings).toEqual([]);
    // Why, apart from where it stopped: its last progress, not the "Cancelling…" shown meanwhile.
    expect(finished.cancelReason).toBe('user');
    expect(finished.progress.message).toMatch(/^Unit \d+ of 600$/);
    const cancelledAt = events.findIndex(
      (event) => event.name === 'job/updated' && event.payload.id === job.id && isTerminalStatus(event.payload.status),
    );
    // Nothing about the job after its terminal event.
    const later = events.slice(cancelledAt + 1);
    expect(later.some((event) => (event.name === 'job/updated' || event.name === 'job/progress') && event.payload.id === job.id)).toBe(false);
    const status = await invoke('system/status', {});
    expect(status.workers.restarts).toBe(0);
    const next = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } });
    await waitForStatus(next.id, ['succeeded']);
  });

  it('kills a worker that ignores cancel after the grace period, and respawns it', async () => {
    const { invoke, waitForStatus, waitForTerminal } = await start({ concurrency: 1, cancelGraceMs: 300 });
    const job = await invoke('jobs/submit', { kind: 'diagnostics/hang', params: { durationMs: 60_000 } });
    await waitForStatus(job.id, ['running']);
    await invoke('jobs/cancel', { id: job.id });
    const finished = await waitForTerminal(job.id);
    expect(finished.status).toBe('cancelled');
    expect(finished.warnings.join(' ')).toMatch(/^Stopped forcibly: it did not respond to cancel within \d+\.\d s\.$/);

    const next = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } });
    expect((await waitForTerminal(next.id)).status).toBe('succeeded');
    expect((await invoke('system/status', {})).workers).toMatchObject({ size: 1, alive: 1, restarts: 1 });
  });

  it('fails a job whose worker crashes, leaving the other jobs unaffected', async () => {
    const { invoke, waitForTerminal } = await start({ concurrency: 2 });
    const survivor = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 400, units: 4 } });
    const crasher = await invoke('jobs/submit', { kind: 'diagnostics/crash', params: { afterMs: 50 } });
    const crashed = await waitForTerminal(crasher.id);
    expect(crashed.status).toBe('failed');
    expect(crashed.error).toMatchObject({ reason: 'worker_crashed', message: expect.stringContaining('exit code 70') });
    expect((await waitForTerminal(survivor.id)).status).toBe('succeeded');
    const after = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } });
    expect((await waitForTerminal(after.id)).status).toBe('succeeded');
  });

  it('gives every subscriber a terminal event for every job, a stalled one included', async () => {
    const { app, invoke, waitForTerminal, waitForStatus } = await start({ concurrency: 1 });
    const slowSeen: AppEvent[] = [];
    let releaseSlow!: () => void;
    const slowGate = new Promise<void>((resolve) => (releaseSlow = resolve));
    app.events.subscribe(async (event) => {
      await slowGate;
      slowSeen.push(event);
    });
    const done = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } });
    const running = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 60_000, units: 100 } });
    const queued = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } });
    await waitForStatus(running.id, ['running']);
    await invoke('jobs/cancel', { id: queued.id });
    await invoke('jobs/cancel', { id: running.id });
    for (const job of [done, running, queued]) await waitForTerminal(job.id);

    releaseSlow();
    await new Promise((resolve) => setImmediate(resolve));
    const terminalIds = slowSeen
      .filter((event): event is AppEvent<'job/updated'> => event.name === 'job/updated' && isTerminalStatus(event.payload.status))
      .map((event) => `${event.payload.id}:${event.payload.status}`);
    expect(terminalIds.sort()).toEqual(
      [`${done.id}:succeeded`, `${running.id}:cancelled`, `${queued.id}:cancelled`].sort(),
    );
  });

  it('coalesces a progress flood to about ten events a second', async () => {
    const { invoke, waitForStatus, waitForTerminal, events } = await start({ concurrency: 1 });
    const job = await invoke('jobs/submit', { kind: 'diagnostics/progress-flood', params: { events: 20_000, ratePerSecond: 20_000 } });
    await waitForStatus(job.id, ['running']);
    const runningAt = performance.now();
    const finished = await waitForTerminal(job.id);
    const elapsedMs = performance.now() - runningAt;
    expect(finished.status).toBe('succeeded');
    const progressEvents = events.filter((event) => event.name === 'job/progress' && event.payload.id === job.id);
    expect(progressEvents.length).toBeGreaterThan(0);
    expect(progressEvents.length).toBeLessThanOrEqual(Math.ceil(elapsedMs / 100) + 2);
  });

  it('shuts down gracefully: resumable jobs resume on the next start, others end cancelled saying why, queued ones run', async () => {
    const first = await start({ concurrency: 2, cancelGraceMs: 200 });
    const resumable = await first.invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 60_000, units: 600 } });
    const oneShot = await first.invoke('jobs/submit', { kind: 'diagnostics/crash', params: { afterMs: 60_000 } });
    const queued = await first.invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } });
    await first.waitForStatus(oneShot.id, ['running']);
    await first.waitForEvent('job/progress', (payload) => payload.id === resumable.id && payload.progress.fraction > 0);
    await first.close();

    const second = await start({ dataDir: first.dataDir, concurrency: 2 });
    const stopped = await second.invoke('jobs/get', { id: oneShot.id });
    expect(stopped.status).toBe('cancelled');
    expect(stopped.cancelReason).toBe('shutdown');
    expect((await second.waitForTerminal(queued.id)).status).toBe('succeeded');
    await second.waitForStatus(resumable.id, ['running']);
    const resumed = await second.invoke('jobs/cancel', { id: resumable.id });
    expect(resumed.warnings.join(' ')).toMatch(/resumed when the app started again \(its start time is the resume's\), keeping the [\d,]+ units? it had finished\./);
  });

  it('lists jobs newest first, filtered by status and kind, paged', async () => {
    const { invoke, waitForTerminal } = await start({ concurrency: 2 });
    const ids: string[] = [];
    for (let index = 0; index < 5; index++) {
      ids.push((await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } })).id);
    }
    for (const id of ids) await waitForTerminal(id);
    const page = await invoke('jobs/list', { limit: 2, offset: 0, kind: 'diagnostics/sleep' });
    expect(page.total).toBe(5);
    expect(page.jobs.map((job) => job.id)).toEqual([ids[4], ids[3]]);
    expect(page.nextOffset).toBe(2);
    const last = await invoke('jobs/list', { limit: 2, offset: 4 });
    expect(last.nextOffset).toBeNull();
    expect((await invoke('jobs/list', { statuses: ['failed'] })).total).toBe(0);
  });
});
