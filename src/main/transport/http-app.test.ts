import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope, JobList, LogEntry, SystemStatus } from '../../shared/contract';
import type { JobRecord } from '../../shared/job';
import { startHeadlessHost, type HeadlessHost } from '../headless';
import { startTestApp, type TestApp } from '../test-support';
import { openEventStream, rawRequest } from './http-test-client';

/** The HTTP transport over the real app: real SQLite files, real worker processes. */
const TOKEN = 'c0ffee'.repeat(10);

let testApp: TestApp;
let host: HeadlessHost;

async function call<T>(command: string, body: unknown): Promise<{ status: number; envelope: Envelope<T> }> {
  const response = await rawRequest(host.port, {
    method: 'POST',
    path: `/api/${command}`,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
    body: JSON.stringify(body),
  });
  return { status: response.status, envelope: response.json<Envelope<T>>() };
}

beforeAll(async () => {
  testApp = await startTestApp({ concurrency: 1, queueLimit: 2 });
  host = await startHeadlessHost({ app: testApp.app, port: 0, token: TOKEN, logger: (await import('pino')).default({ level: 'silent' }) });
});

afterAll(async () => {
  await host?.close();
  await testApp?.close();
  if (testApp) rmSync(testApp.dataDir, { recursive: true, force: true });
});

describe('HTTP over the real app', () => {
  it('is ready and reports system status', async () => {
    const ready = await rawRequest(host.port, { path: '/health/ready' });
    expect(ready.status).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: true, migrations: true, workers: true } });

    const { status, envelope } = await call<SystemStatus>('system/status', {});
    expect(status).toBe(200);
    expect(envelope.ok).toBe(true);
    if (envelope.ok) expect(envelope.data).toMatchObject({ dataDir: testApp.dataDir, diagnosticsEnabled: true, workers: { size: 1 } });
  });

  it('runs a job end to end: submit, SSE updates to a terminal state, get and list', async () => {
    const stream = await openEventStream(host.port, `/api/events?token=${TOKEN}`);
    expect(stream.status).toBe(200);

    const submitted = await call<JobRecord>('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 50 } });
    expect(submitted.status).toBe(200);
    if (!submitted.envelope.ok) throw new Error(submitted.envelope.error.message);
    const jobId = submitted.envelope.data.id;

    const isTerminalFor = (frame: { event?: string; data?: string }) =>
      frame.event === 'job/updated' && (JSON.parse(frame.data!) as JobRecord).id === jobId && (JSON.parse(frame.data!) as JobRecord).status === 'succeeded';
    await stream.waitFor((frames) => frames.some(isTerminalFor), 20_000);
    stream.close();

    const got = await call<JobRecord>('jobs/get', { id: jobId });
    expect(got.envelope).toMatchObject({ ok: true, data: { id: jobId, status: 'succeeded' } });
    const listed = await call<JobList>('jobs/list', { statuses: ['succeeded'] });
    expect(listed.envelope.ok && listed.envelope.data.jobs.some((job) => job.id === jobId)).toBe(true);
  });

  it('maps the app’s errors to HTTP statuses', async () => {
    const unknownField = await call('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: 10 }, extra: 1 });
    expect(unknownField.status).toBe(400);
    expect(unknownField.envelope).toMatchObject({ ok: false, error: { kind: 'invalid' } });

    const outOfRange = await call('jobs/submit', { kind: 'diagnostics/sleep', params: { durationMs: -1 } });
    expect(outOfRange.status).toBe(400);

    const missing = await call('jobs/get', { id: 'no-such-job' });
    expect(missing.status).toBe(404);
    expect(missing.envelope).toMatchObject({ ok: false, error: { kind: 'not_found' } });

    // One running and two waiting fill a queue of two: the next is refused.
    const submitted: string[] = [];
    let refused: { status: number; envelope: Envelope<JobRecord> } | null = null;
    for (let index = 0; index < 5 && !refused; index++) {
      const result = await call<JobRecord>('jobs/submit', { kind: 'diagnostics/hang', params: { durationMs: 30_000 } });
      if (result.envelope.ok) submitted.push(result.envelope.data.id);
      else refused = result;
    }
    expect(refused?.status).toBe(429);
    expect(refused?.envelope).toMatchObject({ ok: false, error: { kind: 'queue_full' } });
    for (const id of submitted) await call('jobs/cancel', { id });
    for (const id of submitted) await testApp.waitForTerminal(id);
  });

  it('tails the log without secrets', async () => {
    const { envelope } = await call<{ entries: LogEntry[] }>('logs/tail', { limit: 50, minLevel: 'info' });
    expect(envelope.ok).toBe(true);
    if (envelope.ok) {
      expect(envelope.data.entries.length).toBeGreaterThan(0);
      expect(JSON.stringify(envelope.data.entries)).not.toContain(TOKEN);
    }
  });
});
