import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTestApps } from '../test-lifecycle';
import { makeTempDir, startTestApp } from '../test-support';
import { lockDataDir } from './data-dir-lock';
import { createLogging } from './logging';

const start = useTestApps();

/** A process holding `dataDir`, once it says it does. */
async function holdInAnotherProcess(dataDir: string) {
  const entry = fileURLToPath(new URL('./fixtures/hold-data-dir.ts', import.meta.url));
  const holder = spawn(process.execPath, ['--import', 'tsx', entry, dataDir], { stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    createInterface({ input: holder.stdout! }).once('line', () => resolve());
    holder.once('exit', (code) => reject(new Error(`holder exited early with ${code}`)));
  });
  return holder;
}

describe('lockDataDir', () => {
  it('refuses a directory another process holds, and frees it when that process is killed', async () => {
    const dataDir = makeTempDir();
    const holder = await holdInAnotherProcess(dataDir);
    expect(() => lockDataDir(dataDir)).toThrow(expect.objectContaining({ kind: 'conflict', message: expect.stringContaining(dataDir) }));

    const exited = new Promise((resolve) => holder.once('exit', resolve));
    holder.kill('SIGKILL');
    await exited;
    const release = lockDataDir(dataDir);
    release();
  });
});

describe('startApp on a data directory in use', () => {
  it('is refused with conflict, leaves the running app alone, and starts once that app has closed', async () => {
    const first = await start();
    const job = await first.invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 0 } });
    await first.waitForTerminal(job.id);

    const logging = await createLogging({ logDir: join(makeTempDir(), 'logs'), level: 'debug' });
    await expect(startTestApp({ dataDir: first.dataDir, logging })).rejects.toMatchObject({
      kind: 'conflict',
      message: expect.stringMatching(/Another Quantdesk is already using the data directory/),
    });
    await logging.close();
    expect((await first.invoke('jobs/get', { id: job.id })).status).toBe('succeeded');

    await first.close();
    const second = await start({ dataDir: first.dataDir });
    expect((await second.invoke('jobs/get', { id: job.id })).status).toBe('succeeded');
  });
});
