import { constants, getPriority } from 'node:os';
import { describe, expect, it } from 'vitest';
import type { WorkerToMain } from '../shared/worker-protocol';
import { sourceWorkerAdapter } from '../main/test-support';

describe('worker entry', () => {
  it('runs below normal priority, so compute gives way to main', async () => {
    const worker = sourceWorkerAdapter().fork();
    try {
      const ready = await new Promise<WorkerToMain>((resolve) => worker.onMessage((message) => message.type === 'ready' && resolve(message)));
      expect(ready).toMatchObject({ type: 'ready', pid: worker.pid });
      expect(getPriority(worker.pid!)).toBe(constants.priority.PRIORITY_BELOW_NORMAL);
    } finally {
      worker.kill();
    }
  });
});
