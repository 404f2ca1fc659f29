import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeTempDir, SAMPLE_DATA_DIR } from '../test-support';
import { useTestApps } from '../test-lifecycle';
import { releaseStagedFiles, stageFile, stagingDir, sweepStaging } from './staging';

const start = useTestApps();

describe('staged uploads', () => {
  it('are written to a folder of their own and released without touching any other file', async () => {
    const dataDir = makeTempDir();
    const staged = await stageFile(dataDir, 'GOOG.csv', 'Date,Close\n');
    expect(readFileSync(staged, 'utf8')).toBe('Date,Close\n');
    expect(dirname(dirname(staged))).toBe(stagingDir(dataDir));

    const usersFile = join(dataDir, 'mine.csv');
    writeFileSync(usersFile, 'x');
    const nested = join(stagingDir(dataDir), 'a', 'b', 'deep.csv');
    mkdirSync(dirname(nested), { recursive: true });
    writeFileSync(nested, 'x');
    releaseStagedFiles(dataDir, [usersFile, nested, join(stagingDir(dataDir), '..', 'mine.csv'), stagingDir(dataDir), staged]);
    expect(existsSync(usersFile)).toBe(true);
    expect(existsSync(nested)).toBe(true);
    expect(existsSync(dirname(staged))).toBe(false);
  });

  it('are swept but for those still needed, and a missing staging folder is no error', async () => {
    const dataDir = makeTempDir();
    expect(sweepStaging(dataDir, [])).toBe(0);
    const kept = await stageFile(dataDir, 'A.csv', 'a');
    await stageFile(dataDir, 'B.csv', 'b');
    await stageFile(dataDir, 'C.csv', 'c');
    expect(sweepStaging(dataDir, [kept, join(dataDir, 'elsewhere.csv')])).toBe(2);
    expect(readdirSync(stagingDir(dataDir))).toEqual([dirname(kept).split(/[\\/]/).pop()]);
  });

  it('are deleted when their import ends, and at start-up unless a queued import still needs them', { timeout: 60_000 }, async () => {
    const goog = readFileSync(join(SAMPLE_DATA_DIR, 'GOOG.csv'), 'utf8');
    const first = await start({ concurrency: 1 });
    const { dataDir, invoke, waitForStatus, waitForTerminal } = first;

    const imported = await invoke('data/stage', { name: 'GOOG.csv', content: goog });
    const job = await invoke('jobs/submit', { kind: 'data/import', params: { paths: [imported.path] } });
    expect((await waitForTerminal(job.id)).status).toBe('succeeded');
    expect(existsSync(dirname(imported.path))).toBe(false);

    // The only worker is busy, so this import is still queued when the app stops.
    const busy = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 60_000 } });
    await waitForStatus(busy.id, ['running']);
    const waiting = await invoke('data/stage', { name: 'GOOG.csv', content: goog });
    const queued = await invoke('jobs/submit', { kind: 'data/import', params: { paths: [waiting.path] } });
    const abandoned = await invoke('data/stage', { name: 'NEVER.csv', content: goog });
    await first.close();

    const second = await start({ concurrency: 1, dataDir });
    expect(existsSync(dirname(abandoned.path))).toBe(false);
    // The sleep resumes first (it is older); out of the way, the queued import gets the worker.
    await second.invoke('jobs/cancel', { id: busy.id });
    expect((await second.waitForTerminal(queued.id)).status).toBe('succeeded');
    expect(existsSync(dirname(waiting.path))).toBe(false);
  });
});
