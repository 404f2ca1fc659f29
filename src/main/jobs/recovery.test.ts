import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTestApps } from '../test-lifecycle';
import { makeTempDir } from '../test-support';

const start = useTestApps();

/**
 * Runs a host fixture on a new data directory until it prints its first line (the ids
 * of the jobs it started), then kills it with SIGKILL mid-job.
 */
async function killHostMidJob<T>(fixture: string): Promise<{ dataDir: string; ids: T }> {
  const dataDir = makeTempDir();
  const entry = fileURLToPath(new URL(`./fixtures/${fixture}`, import.meta.url));
  const host = spawn(process.execPath, ['--import', 'tsx', entry, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  const firstLine = await new Promise<string>((resolve, reject) => {
    createInterface({ input: host.stdout! }).once('line', resolve);
    host.once('exit', (code) => reject(new Error(`host exited early with ${code}`)));
  });
  const exited = new Promise((resolve) => host.once('exit', resolve));
  host.kill('SIGKILL');
  await exited;
  return { dataDir, ids: JSON.parse(firstLine) as T };
}

describe('start-up recovery', () => {
  it('after the host is killed with SIGKILL mid-job, resumes resumable jobs and fails the others as interrupted', async () => {
    const { dataDir, ids } = await killHostMidJob<{ resumable: string; oneShot: string }>('host-to-kill.ts');

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

  it('resumes a sweep killed mid-way without running or storing its finished cells again', { timeout: 90_000 }, async () => {
    const { dataDir, ids } = await killHostMidJob<{ sweep: string }>('sweep-host-to-kill.ts');

    const harness = await start({ dataDir, concurrency: 2 });
    const before = await harness.invoke('sweeps/get', { id: ids.sweep });
    expect(before.cells.length).toBeGreaterThan(0);
    const resumed = await harness.waitForTerminal(ids.sweep);
    expect(resumed.status).toBe('succeeded');
    expect(resumed.warnings.join(' ')).toMatch(/resumed/);

    const sweep = await harness.invoke('sweeps/get', { id: ids.sweep });
    expect(sweep.cells).toHaveLength(sweep.cellCount);
    const keys = new Set(sweep.cells.map((cell) => JSON.stringify(cell.params)));
    expect(keys.size).toBe(sweep.cellCount);
    // Cells stored before the kill are the very same runs after it.
    const storedBefore = new Map(before.cells.map((cell) => [JSON.stringify(cell.params), cell.backtestId]));
    for (const cell of sweep.cells) {
      const earlier = storedBefore.get(JSON.stringify(cell.params));
      if (earlier) expect(cell.backtestId).toBe(earlier);
    }
    const runs = await harness.invoke('backtests/list', { includeSweepCells: true, limit: 500 });
    expect(runs.runs.filter((run) => run.sweepId === ids.sweep)).toHaveLength(sweep.cellCount);
  });
});
