import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../shared/job-fixture';
import type { AppEvent } from '../../shared/contract';
import type { JobRecord } from '../../shared/job';
import { EventHub } from './event-hub';

function job(id: string, status: JobRecord['status']): JobRecord {
  return jobFixture({ id, status });
}

function gate() {
  let open!: () => void;
  const opened = new Promise<void>((resolve) => (open = resolve));
  return { opened, open };
}

describe('EventHub', () => {
  it('delivers to a fast subscriber while another is stalled', () => {
    const hub = new EventHub();
    const stalled = gate();
    hub.subscribe(() => stalled.opened);
    const fast: AppEvent[] = [];
    hub.subscribe((event) => {
      fast.push(event);
    });
    for (let index = 0; index < 100; index++) hub.publish('job/updated', job(`job-${index}`, 'queued'));
    expect(fast).toHaveLength(100);
  });

  it('replaces pending progress for a job with the newest instead of queueing it', async () => {
    const hub = new EventHub();
    const stalled = gate();
    const seen: AppEvent[] = [];
    const subscription = hub.subscribe(async (event) => {
      await stalled.opened;
      seen.push(event);
    });
    hub.publish('job/updated', job('a', 'running'));
    for (let fraction = 0; fraction <= 1; fraction += 0.125) {
      hub.publish('job/progress', { id: 'a', progress: { fraction, message: '', phase: 'running' } });
    }
    expect(subscription.pending).toBe(2);
    stalled.open();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen.map((event) => event.name)).toEqual(['job/updated', 'job/progress']);
    expect((seen[1] as AppEvent<'job/progress'>).payload.progress.fraction).toBe(1);
  });

  it('drops log lines before status changes, and closes a subscriber that stalls past its buffer', async () => {
    const hub = new EventHub();
    const stalled = gate();
    let overflowed = false;
    const seen: AppEvent[] = [];
    hub.subscribe(
      async (event) => {
        await stalled.opened;
        seen.push(event);
      },
      { bufferLimit: 3, onOverflow: () => (overflowed = true) },
    );
    const log = { seq: 1, time: '', level: 'info' as const, message: 'x', source: 'main' };
    hub.publish('log/appended', log);
    hub.publish('log/appended', log);
    hub.publish('job/updated', job('a', 'running'));
    hub.publish('job/updated', job('a', 'succeeded'));
    expect(overflowed).toBe(false);
    stalled.open();
    await new Promise((resolve) => setImmediate(resolve));
    // The in-flight log line is delivered, the second one made room for the terminal event.
    expect(seen.map((event) => event.name)).toEqual(['log/appended', 'job/updated', 'job/updated']);

    const other = new EventHub();
    const blocked = gate();
    let isClosed = false;
    other.subscribe(() => blocked.opened, { bufferLimit: 2, onOverflow: () => (isClosed = true) });
    other.subscribe(() => {});
    for (const status of ['queued', 'preparing', 'running', 'succeeded'] as const) other.publish('job/updated', job('b', status));
    expect(isClosed).toBe(true);
    expect(other.subscriberCount).toBe(1);
  });

  it('closes a subscriber whose delivery throws', async () => {
    const hub = new EventHub();
    hub.subscribe(() => {
      throw new Error('window destroyed');
    });
    hub.publish('job/updated', job('a', 'queued'));
    await new Promise((resolve) => setImmediate(resolve));
    expect(hub.subscriberCount).toBe(0);
  });
});
