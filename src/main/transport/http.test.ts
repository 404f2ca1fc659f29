import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Envelope } from '../../shared/contract';
import { ERROR_KINDS, type ErrorKind } from '../../shared/errors';
import type { JobRecord } from '../../shared/job';
import type { AppServices, ReadinessReport } from '../app-types';
import { startHeadlessHost, type HeadlessHost } from '../headless';
import { EventHub, type Subscription } from '../services/event-hub';
import { createLogging, type Logging } from '../services/logging';
import { CONTENT_SECURITY_POLICY } from './csp';
import { HTTP_STATUS_BY_ERROR_KIND } from './http-envelope';
import { openEventStream, rawRequest, type EventStreamClient } from './http-test-client';

/**
 * Transport-level behaviour against a fake AppServices: auth, origin and host checks,
 * body limits, status mapping, SSE and static files. The real app is exercised in
 * http-app.test.ts.
 */
const TOKEN = 'f00dfeed'.repeat(8);

/** An EventHub that says when a subscriber comes or goes. */
class ObservedHub extends EventHub {
  private readonly changeListeners = new Set<() => void>();

  override subscribe(...args: Parameters<EventHub['subscribe']>): Subscription {
    const subscription = super.subscribe(...args);
    this.changed();
    return {
      close: () => {
        subscription.close();
        this.changed();
      },
      get pending() {
        return subscription.pending;
      },
    };
  }

  /** Resolves at the next subscribe or close. */
  nextChange(): Promise<void> {
    return new Promise((resolve) => {
      const listener = (): void => {
        this.changeListeners.delete(listener);
        resolve();
      };
      this.changeListeners.add(listener);
    });
  }

  private changed(): void {
    for (const listener of [...this.changeListeners]) listener();
  }
}

/** The stream's first frame says the host has subscribed it. */
function subscribed(stream: EventStreamClient): Promise<void> {
  return stream.waitFor((frames) => frames.some((frame) => frame.comment === 'connected'));
}

interface FakeApp extends AppServices {
  events: ObservedHub;
  readinessReport: ReadinessReport;
  calls: Array<{ command: string; request: unknown }>;
}

function createFakeApp(): FakeApp {
  const fake: FakeApp = {
    events: new ObservedHub(),
    calls: [],
    readinessReport: { isReady: true, checks: { database: true, migrations: true, workers: true } },
    async dispatch(command, request) {
      fake.calls.push({ command, request });
      const meta = { elapsedMs: 0.5 };
      // `jobs/get {id: <kind>}` answers with that error kind, to check the status mapping.
      if (command === 'jobs/get') {
        const id = (request as { id?: string }).id ?? '';
        if ((ERROR_KINDS as readonly string[]).includes(id)) {
          return { ok: false, error: { kind: id as ErrorKind, message: `fake ${id}` }, meta } as Envelope<never>;
        }
      }
      return { ok: true, data: { echo: request } as never, meta };
    },
    readiness: () => fake.readinessReport,
    stageUpload: async () => {
      throw new Error('The transport tests upload nothing (http-upload.test.ts does, against the real app).');
    },
    close: async () => {},
  };
  return fake;
}

let logging: Logging;
let fakeApp: FakeApp;
let host: HeadlessHost;
let rendererDir: string;

const api = (path: string, body: unknown = {}, headers: Record<string, string> = {}) =>
  rawRequest(host.port, {
    method: 'POST',
    path,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}`, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });

beforeAll(async () => {
  rendererDir = mkdtempSync(join(tmpdir(), 'quantdesk-renderer-'));
  mkdirSync(join(rendererDir, 'assets'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>Quantdesk</title><script type="module" src="./assets/app.js"></script>');
  writeFileSync(join(rendererDir, 'assets', 'app.js'), 'console.log("app")');
  logging = await createLogging({ level: 'debug' });
  fakeApp = createFakeApp();
  host = await startHeadlessHost({ app: fakeApp, port: 0, token: TOKEN, rendererDir, logger: logging.logger.child({ source: 'host' }) });
});

afterAll(async () => {
  await host.close();
  await logging.close();
  rmSync(rendererDir, { recursive: true, force: true });
});

afterEach(() => {
  fakeApp.calls = [];
  fakeApp.readinessReport = { isReady: true, checks: { database: true, migrations: true, workers: true } };
});

describe('auth', () => {
  it('refuses requests without or with a wrong token', async () => {
    const missing = await rawRequest(host.port, { method: 'POST', path: '/api/system/status', body: '{}' });
    expect(missing.status).toBe(401);
    expect(missing.json()).toMatchObject({ ok: false, error: { kind: 'unauthorized' }, meta: { elapsedMs: expect.any(Number) } });

    const wrong = await api('/api/system/status', {}, { authorization: `Bearer ${TOKEN.slice(1)}x` });
    expect(wrong.status).toBe(401);
    const wrongQuery = await rawRequest(host.port, { method: 'POST', path: '/api/system/status?token=nope', body: '{}' });
    expect(wrongQuery.status).toBe(401);
    const malformed = await api('/api/system/status', {}, { authorization: `Basic ${TOKEN}` });
    expect(malformed.status).toBe(401);
    expect(fakeApp.calls).toHaveLength(0);
  });

  it('accepts the token as a Bearer header or as ?token=', async () => {
    const bearer = await api('/api/system/status');
    expect(bearer.status).toBe(200);
    expect(bearer.json()).toMatchObject({ ok: true, data: { echo: {} } });

    const query = await rawRequest(host.port, { method: 'POST', path: `/api/system/status?token=${TOKEN}`, body: '{}' });
    expect(query.status).toBe(200);
    expect(fakeApp.calls.map((call) => call.command)).toEqual(['system/status', 'system/status']);
  });
});

describe('origin and host checks', () => {
  it('refuses a foreign Origin, accepts the host itself', async () => {
    for (const origin of ['http://evil.example', 'null', `http://127.0.0.1:${host.port + 1}`]) {
      const response = await api('/api/system/status', {}, { origin });
      expect(response.status).toBe(403);
      expect(response.json()).toMatchObject({ ok: false, error: { kind: 'unauthorized' } });
    }
    for (const origin of [`http://127.0.0.1:${host.port}`, `http://localhost:${host.port}`]) {
      expect((await api('/api/system/status', {}, { origin })).status).toBe(200);
    }
    expect(fakeApp.calls).toHaveLength(2);
  });

  it('refuses a Host header that is not the host itself (DNS rebinding)', async () => {
    const rebound = await api('/api/system/status', {}, { host: `attacker.example:${host.port}` });
    expect(rebound.status).toBe(403);
    const health = await rawRequest(host.port, { path: '/health/live', headers: { host: 'attacker.example' } });
    expect(health.status).toBe(403);
    expect((await api('/api/system/status', {}, { host: `localhost:${host.port}` })).status).toBe(200);
  });
});

describe('commands', () => {
  it('passes the JSON body to dispatch and answers its envelope', async () => {
    const response = await api('/api/jobs/submit', { kind: 'data/import', params: { paths: ['/tmp/a.csv'] } });
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/application\/json/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(fakeApp.calls).toEqual([{ command: 'jobs/submit', request: { kind: 'data/import', params: { paths: ['/tmp/a.csv'] } } }]);
  });

  it('maps every error kind to its HTTP status', async () => {
    for (const kind of ERROR_KINDS) {
      const response = await api('/api/jobs/get', { id: kind });
      expect(response.status, kind).toBe(HTTP_STATUS_BY_ERROR_KIND[kind]);
      expect(response.json()).toMatchObject({ ok: false, error: { kind, message: `fake ${kind}` }, meta: { elapsedMs: 0.5 } });
    }
    expect(HTTP_STATUS_BY_ERROR_KIND).toMatchObject({ invalid: 400, not_found: 404, conflict: 409, queue_full: 429, unavailable: 503, internal: 500 });
  });

  it('answers malformed JSON with 400 invalid, and an empty body as {}', async () => {
    const malformed = await api('/api/jobs/submit', '{"kind": ');
    expect(malformed.status).toBe(400);
    expect(malformed.json()).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    const empty = await api('/api/system/status', '');
    expect(empty.status).toBe(200);
    expect(fakeApp.calls).toEqual([{ command: 'system/status', request: {} }]);
  });

  it('refuses bodies over 1 MiB with 413', async () => {
    const big = JSON.stringify({ kind: 'data/import', params: { paths: ['x'.repeat(1024 * 1024)] } });
    const refused = await api('/api/jobs/submit', big);
    expect(refused.status).toBe(413);
    expect(refused.json()).toMatchObject({ ok: false, error: { kind: 'invalid' } });

    // Chunked (no Content-Length) is counted as it streams.
    const chunked = await api('/api/jobs/submit', big, { 'transfer-encoding': 'chunked' });
    expect(chunked.status).toBe(413);
    expect(fakeApp.calls).toEqual([]);
  });

  it('answers unknown commands with 404 not_found and other methods with 405', async () => {
    const unknown = await api('/api/jobs/explode');
    expect(unknown.status).toBe(404);
    expect(unknown.json()).toMatchObject({ ok: false, error: { kind: 'not_found' } });
    const deep = await api('/api/a/b/c');
    expect(deep.status).toBe(404);
    const get = await rawRequest(host.port, { path: '/api/jobs/list', headers: { authorization: `Bearer ${TOKEN}` } });
    expect(get.status).toBe(405);
    expect(get.json()).toMatchObject({ ok: false, error: { kind: 'invalid' } });
    expect(fakeApp.calls).toHaveLength(0);
  });

  it('logs requests at debug without the query string', async () => {
    await rawRequest(host.port, { method: 'POST', path: `/api/system/status?token=${TOKEN}`, body: '{}' });
    const entries = logging.ring.tail({ search: 'HTTP request' });
    const last = entries.at(-1)!;
    expect(last).toMatchObject({ level: 'debug', source: 'host', fields: { method: 'POST', path: '/api/system/status', status: 200 } });
    expect(JSON.stringify(logging.ring.tail({ limit: 2000 }))).not.toContain(TOKEN);
  });
});

describe('health', () => {
  it('answers live and ready without a token and without data', async () => {
    const live = await rawRequest(host.port, { path: '/health/live' });
    expect(live.status).toBe(200);
    expect(live.json()).toEqual({ status: 'ok' });

    const ready = await rawRequest(host.port, { path: '/health/ready' });
    expect(ready.status).toBe(200);
    expect(ready.json()).toEqual({ status: 'ready', checks: { database: true, migrations: true, workers: true } });

    fakeApp.readinessReport = { isReady: false, checks: { database: true, migrations: true, workers: false } };
    const notReady = await rawRequest(host.port, { path: '/health/ready' });
    expect(notReady.status).toBe(503);
    expect(notReady.json()).toEqual({ status: 'not_ready', checks: { database: true, migrations: true, workers: false } });
  });
});

describe('events (SSE)', () => {
  const job = { id: 'job-1', kind: 'diagnostics/sleep', status: 'running' } as JobRecord;

  it('refuses a stream without the token', async () => {
    const stream = await openEventStream(host.port, '/api/events');
    expect(stream.status).toBe(401);
    stream.close();
  });

  it('delivers event:/data: frames and unsubscribes on disconnect', async () => {
    const before = fakeApp.events.subscriberCount;
    const stream = await openEventStream(host.port, `/api/events?token=${TOKEN}`);
    expect(stream.status).toBe(200);
    expect(stream.headers['content-type']).toMatch(/^text\/event-stream/);
    await subscribed(stream);
    expect(fakeApp.events.subscriberCount).toBe(before + 1);
    const unsubscribed = fakeApp.events.nextChange();

    fakeApp.events.publish('job/updated', job);
    fakeApp.events.publish('job/progress', { id: 'job-1', progress: { fraction: 0.5, message: 'half', phase: 'running' } });
    await stream.waitFor((frames) => frames.filter((frame) => frame.event).length >= 2);
    const frames = stream.frames.filter((frame) => frame.event);
    expect(frames[0]).toEqual({ event: 'job/updated', data: JSON.stringify(job) });
    expect(frames[1]!.event).toBe('job/progress');
    expect(JSON.parse(frames[1]!.data!)).toMatchObject({ id: 'job-1', progress: { fraction: 0.5 } });

    stream.close();
    await unsubscribed;
    expect(fakeApp.events.subscriberCount).toBe(before);
  });

  it('sends heartbeats and ends streams when the host closes', async () => {
    const ownLogging = await createLogging({});
    const app = createFakeApp();
    const ownHost = await startHeadlessHost({ app, port: 0, token: TOKEN, logger: ownLogging.logger, heartbeatMs: 50 });
    const stream = await openEventStream(ownHost.port, '/api/events', { authorization: `Bearer ${TOKEN}` });
    await stream.waitFor((frames) => frames.some((frame) => frame.comment === 'heartbeat'));
    const ended = new Promise<void>((resolve) => stream.response.on('end', () => resolve()));
    await ownHost.close();
    await ended;
    expect(app.events.subscriberCount).toBe(0);
    await ownLogging.close();
  });

  it('closes the stream of a client that stops reading, not of one that keeps up', async () => {
    const ownLogging = await createLogging({});
    const app = createFakeApp();
    const ownHost = await startHeadlessHost({ app, port: 0, token: TOKEN, logger: ownLogging.logger, eventBufferLimit: 4 });
    const reading = await openEventStream(ownHost.port, `/api/events?token=${TOKEN}`);
    const stalled = await openEventStream(ownHost.port, `/api/events?token=${TOKEN}`);
    await Promise.all([subscribed(reading), subscribed(stalled)]);
    stalled.response.pause();
    const big = { ...job, result: 'x'.repeat(256 * 1024) } as JobRecord;
    // Far more than the socket buffers hold, each event published once the reading client has
    // the one before: a pace a reader keeps up with, so only the stalled client falls behind.
    let published = 0;
    while (published < 200 && app.events.subscriberCount === 2) {
      app.events.publish('job/updated', { ...big, id: `job-${published}` });
      published += 1;
      await reading.waitFor((frames) => frames.filter((frame) => frame.event).length === published);
    }
    expect(app.events.subscriberCount).toBe(1);
    expect(ownLogging.ring.tail({ search: 'fell too far behind' })).toHaveLength(1);
    stalled.close();
    reading.close();
    await ownHost.close();
    await ownLogging.close();
  });
});

describe('static renderer', () => {
  it('serves index.html with the CSP and privacy headers', async () => {
    const index = await rawRequest(host.port, { path: `/?token=${TOKEN}` });
    expect(index.status).toBe(200);
    expect(index.headers['content-type']).toMatch(/^text\/html/);
    expect(index.text).toContain('<title>Quantdesk</title>');
    expect(index.headers['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
    expect(index.headers['x-content-type-options']).toBe('nosniff');
    expect(index.headers['referrer-policy']).toBe('no-referrer');
  });

  it('serves assets, falls back to index.html for routes, 404s missing files and traversal', async () => {
    const asset = await rawRequest(host.port, { path: '/assets/app.js' });
    expect(asset.status).toBe(200);
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
    expect(asset.headers['cache-control']).toContain('immutable');

    const route = await rawRequest(host.port, { path: '/jobs/123' });
    expect(route.status).toBe(200);
    expect(route.text).toContain('<title>Quantdesk</title>');
    const nestedAsset = await rawRequest(host.port, { path: '/jobs/assets/app.js' });
    expect(nestedAsset.status).toBe(200);

    expect((await rawRequest(host.port, { path: '/missing.js' })).status).toBe(404);
    for (const path of ['/../package.json', '/%2e%2e/%2e%2e/package.json', '/assets/..%2f..%2fpackage.json']) {
      const response = await rawRequest(host.port, { path });
      expect(response.status, path).toBe(404);
    }
  });
});
