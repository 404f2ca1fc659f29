import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTestApps } from '../test-lifecycle';
import { makeTempDir } from '../test-support';

const HOST_TO_KILL = fileURLToPath(new URL('./fixtures/host-to-kill.ts', import.meta.url));

const start = useTestApps();

describe('start-up recovery', () => {
  it('after the host is killed with SIGKILL mid-job, resumes resumable jobs and fails the others as interrupted', async () => {
    const dataDir = makeTempDir();
    const host = spawn(process.execPath, ['--import', 'tsx', HOST_TO_KILL, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const firstLine = await new Promise<string>((resolve, reject) => {
      createInterface({ input: host.stdout! }).once('line', resolve);
      host.once('exit', (code) => reject(new Error(`host exited early with ${code}`)));
    });
    const ids = JSON.parse(firstLine) as { resumable: string; oneShot: string };
    const exited = new Promise((resolve) => host.once('exit', resolve));
    host.kill('SIGKILL');
    await exited;

    const harness = await start({ dataDir, concurrency: 2 });
    const interrupted = await harness.invoke('jobs/get', { id: ids.oneShot });
    expect(interrupted.status).toBe('failed');
    expect(interrupted.error).toMatchObject({ reason: 'interrupted', message: expect.stringContaining('Interrupted') });

    const resumed = await harness.waitForTerminal(ids.resumable);
    expect(resumed.status).toBe('succeeded');
    expect(resumed.warnings.join(' ')).toMatch(/resumed/);
    const result = resumed.result as { units: number; skippedUnits: number };
    expect(result.units).toBe(30);
    expect(result.skippedUnits).toBeGreaterThanOrEqual(6);
    expect(result.skippedUnits).toBeLessThan(30);
  });
});
