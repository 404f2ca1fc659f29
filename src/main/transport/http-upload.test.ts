import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_STAGED_FILE_BYTES, type Envelope } from '../../shared/contract';
import { SYMBOL_FILE_NAME_RULE } from '../../shared/symbol-file';
import { startHeadlessHost, type HeadlessHost } from '../headless';
import { stagingDir } from '../services/staging';
import { createLogging, type Logging } from '../services/logging';
import { SAMPLE_DATA_DIR, startTestApp, type TestApp } from '../test-support';
import { rawRequest, startRawRequest, type RawResponse } from './http-test-client';

/** `POST /api/uploads/<name>` over the real app: real staging folder, real import afterwards. */
const TOKEN = 'feedface'.repeat(8);
const AUTHORIZED = { authorization: `Bearer ${TOKEN}` };
const MEGABYTE = 2 ** 20;
/** For a request whose body the host refuses unread: its connection must not carry the next test's request. */
const ONE_REQUEST = { connection: 'close' };

let testApp: TestApp;
let logging: Logging;
let host: HeadlessHost;

beforeAll(async () => {
  testApp = await startTestApp({ concurrency: 1 });
  logging = await createLogging({ level: 'debug' });
  host = await startHeadlessHost({ app: testApp.app, port: 0, token: TOKEN, logger: logging.logger.child({ source: 'host' }) });
});

afterAll(async () => {
  await host?.close();
  await testApp?.close();
  await logging?.close();
  if (testApp) rmSync(testApp.dataDir, { recursive: true, force: true });
});

function upload(name: string, body: Buffer | string, headers: Record<string, string> = AUTHORIZED) {
  return rawRequest(host.port, { method: 'POST', path: `/api/uploads/${encodeURIComponent(name)}`, headers, body });
}

/** Every file and folder under staging/: none once a refused or abandoned upload is cleaned up. */
function stagedEntries(): string[] {
  const root = stagingDir(testApp.dataDir);
  return existsSync(root) ? readdirSync(root, { recursive: true, encoding: 'utf8' }) : [];
}

/** Staged files that have received bytes. */
function stagedFilesWithContent(): string[] {
  const root = stagingDir(testApp.dataDir);
  return stagedEntries().filter((entry) => entry.endsWith('.csv') && statSync(join(root, entry)).size > 0);
}

/** The staged file's path an upload answered with; fails the test on any other answer. */
function stagedPath(response: RawResponse): string {
  expect(response.status).toBe(200);
  const envelope = response.json<Envelope<{ path: string }>>();
  if (!envelope.ok) throw new Error(envelope.error.message);
  return envelope.data.path;
}

async function* megabytes(count: number) {
  const chunk = Buffer.alloc(MEGABYTE, 'x');
  for (let index = 0; index < count; index++) yield chunk;
}

describe('uploads', () => {
  it('stage the exact bytes sent, which then import like any file', { timeout: 60_000 }, async () => {
    const bytes = Buffer.from(Array.from({ length: 256 * 64 }, (_, index) => index % 256));
    const staged = stagedPath(await upload('^GSPC.csv', bytes));
    expect(basename(staged)).toBe('^GSPC.csv');
    expect(dirname(dirname(staged))).toBe(stagingDir(testApp.dataDir));
    expect(readFileSync(staged).equals(bytes)).toBe(true);
    rmSync(dirname(staged), { recursive: true });

    const path = stagedPath(await upload('GOOG.csv', readFileSync(join(SAMPLE_DATA_DIR, 'GOOG.csv'))));
    const job = await testApp.invoke('jobs/submit', { kind: 'data/import', params: { paths: [path] } });
    expect((await testApp.waitForTerminal(job.id)).status).toBe('succeeded');
    expect(stagedEntries()).toEqual([]);
  });

  it('refuse a body declared too large before reading it', async () => {
    const response = await upload('BIG.csv', 'x', { ...AUTHORIZED, ...ONE_REQUEST, 'content-length': String(MAX_STAGED_FILE_BYTES + 1) });
    expect(response.status).toBe(413);
    expect(response.json()).toMatchObject({ ok: false, error: { kind: 'invalid', message: expect.stringContaining('BIG.csv is larger than 64 MB') } });
    expect(stagedEntries()).toEqual([]);
  });

  it('refuse a streamed body once it passes the limit, leaving no file', async () => {
    const { request, response } = startRawRequest(host.port, {
      method: 'POST',
      path: '/api/uploads/STREAM.csv',
      headers: { ...AUTHORIZED, ...ONE_REQUEST, 'transfer-encoding': 'chunked' },
    });
    Readable.from(megabytes(MAX_STAGED_FILE_BYTES / MEGABYTE + 8)).pipe(request);
    const answer = await response;
    expect(answer.status).toBe(413);
    expect(answer.json()).toMatchObject({ ok: false, error: { kind: 'invalid', message: expect.stringContaining('STREAM.csv is larger than 64 MB') } });
    expect(stagedEntries()).toEqual([]);
  });

  it('refuse a name that is not a symbol file', async () => {
    for (const name of ['notes.txt', '../GOOG.csv', 'a b.csv', '.csv']) {
      const response = await upload(name, 'Date,Close\n');
      expect(response.status, name).toBe(400);
      expect(response.json(), name).toMatchObject({ ok: false, error: { kind: 'invalid', message: SYMBOL_FILE_NAME_RULE } });
    }
    expect(stagedEntries()).toEqual([]);
  });

  it('refuse a missing or wrong token, a foreign origin, and other methods', async () => {
    const missing = await upload('GOOG.csv', 'Date,Close\n', {});
    expect(missing.status).toBe(401);
    expect(missing.json()).toMatchObject({ ok: false, error: { kind: 'unauthorized', message: 'Missing token' } });
    const wrong = await upload('GOOG.csv', 'Date,Close\n', { authorization: `Bearer ${TOKEN}x` });
    expect(wrong.status).toBe(401);
    const wrongQuery = await rawRequest(host.port, { method: 'POST', path: '/api/uploads/GOOG.csv?token=nope', body: 'Date,Close\n' });
    expect(wrongQuery.status).toBe(401);
    const foreign = await upload('GOOG.csv', 'Date,Close\n', { ...AUTHORIZED, origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    const get = await rawRequest(host.port, { path: '/api/uploads/GOOG.csv', headers: AUTHORIZED });
    expect(get.status).toBe(405);
    expect(get.headers.allow).toBe('POST');
    expect(stagedEntries()).toEqual([]);
  });

  it('leave nothing behind when the sender disconnects midway', async () => {
    const { request, response } = startRawRequest(host.port, {
      method: 'POST',
      path: '/api/uploads/GONE.csv',
      headers: { ...AUTHORIZED, 'content-length': String(10 * MEGABYTE) },
    });
    response.catch(() => {});
    request.write(Buffer.alloc(MEGABYTE, 'x'));
    await expect.poll(stagedFilesWithContent).toEqual([expect.stringMatching(/GONE\.csv$/)]);
    request.destroy();
    await expect.poll(stagedEntries).toEqual([]);
    // Answered as bad input (to no one), not failed as the host's own error.
    const requests = () => logging.ring.tail({ search: 'HTTP request' }).map((entry) => entry.fields);
    await expect.poll(requests).toContainEqual(expect.objectContaining({ path: '/api/uploads/GONE.csv', status: 400 }));
    expect(logging.ring.tail({ minLevel: 'error' })).toEqual([]);
  });
});
