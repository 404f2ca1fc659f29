import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { MAX_STAGED_FILE_BYTES } from '../../shared/contract';
import { SYMBOL_FILE_NAME_RULE } from '../../shared/symbol-file';
import { makeTempDir, SAMPLE_DATA_DIR } from '../test-support';
import { useTestApps } from '../test-lifecycle';
import { releaseStagedFiles, stageFile, StagedFileTooLarge, stagingDir, sweepStaging } from './staging';

const start = useTestApps();

const text = (content: string) => Readable.from(Buffer.from(content, 'utf8'));

/** What is left in the staging folder: nothing at all after a failed upload. */
function stagedEntries(dataDir: string): string[] {
  return existsSync(stagingDir(dataDir)) ? readdirSync(stagingDir(dataDir), { recursive: true, encoding: 'utf8' }) : [];
}

/** `count` chunks of `chunkBytes`, counting how many were pulled; `fail` throws after the last one. */
function countedChunks(count: number, chunkBytes: number, fail?: Error) {
  const chunk = Buffer.alloc(chunkBytes, 'x');
  const counter = { pulled: 0, isClosed: false };
  async function* chunks() {
    try {
      for (; counter.pulled < count; counter.pulled++) yield chunk;
      if (fail) throw fail;
    } finally {
      counter.isClosed = true;
    }
  }
  return { chunks: chunks(), counter };
}

describe('staged files', () => {
  it('are written to a folder of their own and released without touching any other file', async () => {
    const dataDir = makeTempDir();
    const staged = await stageFile(dataDir, 'GOOG.csv', text('Date,Close\n'));
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

  it('land byte for byte, streamed from any number of chunks', async () => {
    const dataDir = makeTempDir();
    const bytes = Buffer.from(Array.from({ length: 256 * 4 }, (_, index) => index % 256));
    async function* inPieces() {
      for (let offset = 0; offset < bytes.length; offset += 100) yield bytes.subarray(offset, offset + 100);
    }
    const staged = await stageFile(dataDir, 'BYTES.csv', inPieces());
    expect(readFileSync(staged).equals(bytes)).toBe(true);
    expect(basename(staged)).toBe('BYTES.csv');
  });

  it('refuse a name that is not a symbol file before creating anything', async () => {
    const dataDir = makeTempDir();
    for (const name of ['../GOOG.csv', 'notes.txt', 'a/b.csv', '']) {
      await expect(stageFile(dataDir, name, text('x')), name).rejects.toMatchObject({ kind: 'invalid', message: SYMBOL_FILE_NAME_RULE });
    }
    expect(stagedEntries(dataDir)).toEqual([]);
  });

  it('stop reading past the size limit and leave no file behind', async () => {
    const dataDir = makeTempDir();
    const megabyte = 2 ** 20;
    const { chunks, counter } = countedChunks(Number.MAX_SAFE_INTEGER, megabyte);
    const refused = stageFile(dataDir, 'HUGE.csv', chunks);
    await expect(refused).rejects.toBeInstanceOf(StagedFileTooLarge);
    await expect(refused).rejects.toMatchObject({ kind: 'invalid', message: expect.stringContaining('HUGE.csv is larger than 64 MB') });
    expect(counter.pulled).toBe(MAX_STAGED_FILE_BYTES / megabyte);
    expect(counter.isClosed).toBe(true);
    expect(stagedEntries(dataDir)).toEqual([]);
  });

  it('leave no file behind when the source fails or the sender goes away midway', async () => {
    const dataDir = makeTempDir();
    const broken = countedChunks(3, 1024, new Error('connection reset'));
    await expect(stageFile(dataDir, 'BROKEN.csv', broken.chunks)).rejects.toMatchObject({
      kind: 'invalid',
      message: 'BROKEN.csv did not arrive whole: connection reset',
    });

    const gone = new AbortController();
    async function* stalls() {
      yield Buffer.from('Date,Close\n');
      gone.abort();
      await new Promise(() => {});
    }
    await expect(stageFile(dataDir, 'GONE.csv', stalls(), gone.signal)).rejects.toMatchObject({
      kind: 'invalid',
      message: expect.stringContaining('GONE.csv did not arrive whole'),
    });
    expect(stagedEntries(dataDir)).toEqual([]);
  });

  it('are swept but for those still needed, and a missing staging folder is no error', async () => {
    const dataDir = makeTempDir();
    expect(sweepStaging(dataDir, [])).toBe(0);
    const kept = await stageFile(dataDir, 'A.csv', text('a'));
    await stageFile(dataDir, 'B.csv', text('b'));
    await stageFile(dataDir, 'C.csv', text('c'));
    expect(sweepStaging(dataDir, [kept, join(dataDir, 'elsewhere.csv')])).toBe(2);
    expect(readdirSync(stagingDir(dataDir))).toEqual([dirname(kept).split(/[\\/]/).pop()]);
  });

  it('are deleted when their import ends, and at start-up unless a queued import still needs them', { timeout: 60_000 }, async () => {
    const goog = readFileSync(join(SAMPLE_DATA_DIR, 'GOOG.csv'), 'utf8');
    const first = await start({ concurrency: 1 });
    const { dataDir, invoke, waitForStatus, waitForTerminal } = first;

    const imported = await stageFile(dataDir, 'GOOG.csv', text(goog));
    const job = await invoke('jobs/submit', { kind: 'data/import', params: { paths: [imported] } });
    expect((await waitForTerminal(job.id)).status).toBe('succeeded');
    expect(existsSync(dirname(imported))).toBe(false);

    // The only worker is busy, so this import is still queued when the app stops.
    const busy = await invoke('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 60_000 } });
    await waitForStatus(busy.id, ['running']);
    const waiting = await stageFile(dataDir, 'GOOG.csv', text(goog));
    const queued = await invoke('jobs/submit', { kind: 'data/import', params: { paths: [waiting] } });
    const abandoned = await stageFile(dataDir, 'NEVER.csv', text(goog));
    await first.close();

    const second = await start({ concurrency: 1, dataDir });
    expect(existsSync(dirname(abandoned))).toBe(false);
    // The sleep resumes first (it is older); out of the way, the queued import gets the worker.
    await second.invoke('jobs/cancel', { id: busy.id });
    expect((await second.waitForTerminal(queued.id)).status).toBe('succeeded');
    expect(existsSync(dirname(waiting))).toBe(false);
  });
});
