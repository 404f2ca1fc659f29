import { afterEach, describe, expect, it, vi } from 'vitest';
import type { AppEvent } from '../../../shared/contract';
import { HOST_UNREACHABLE_MESSAGE } from './envelope';
import type { EventSourceLike } from './event-stream';
import type { UploadRequest } from './file-upload';
import { createHttpClient } from './http-client';

class FakeEventSource implements EventSourceLike {
  static instances: FakeEventSource[] = [];
  readyState = 0;
  isClosed = false;
  private readonly listeners = new Map<string, Array<(event: MessageEvent<string>) => void>>();

  constructor(readonly url: string) {
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close(): void {
    this.isClosed = true;
    this.readyState = 2;
  }

  emit(type: string, data = ''): void {
    if (type === 'open') this.readyState = 1;
    for (const listener of this.listeners.get(type) ?? []) listener({ data } as MessageEvent<string>);
  }

  fail(readyState: 0 | 2): void {
    this.readyState = readyState;
    this.emit('error');
  }
}

class FakeUploadRequest implements UploadRequest {
  static instances: FakeUploadRequest[] = [];
  method = '';
  url = '';
  headers: Record<string, string> = {};
  body: Blob | null = null;
  readonly upload: UploadRequest['upload'] = { onprogress: null };
  onload: UploadRequest['onload'] = null;
  onerror: UploadRequest['onerror'] = null;
  onabort: UploadRequest['onabort'] = null;
  status = 0;
  responseText = '';

  constructor() {
    FakeUploadRequest.instances.push(this);
  }

  open(method: string, url: string): void {
    this.method = method;
    this.url = url;
  }

  setRequestHeader(name: string, value: string): void {
    this.headers[name] = value;
  }

  send(body: Blob): void {
    this.body = body;
  }

  progress(loaded: number): void {
    this.upload.onprogress?.({ loaded } as ProgressEvent);
  }

  answer(status: number, body: unknown): void {
    this.status = status;
    this.responseText = JSON.stringify(body);
    this.onload?.({} as ProgressEvent);
  }

  breakOff(): void {
    this.onerror?.({} as ProgressEvent);
  }
}

function jsonResponse(status: number, body: unknown): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function clientWith(fetchImplementation: typeof fetch, token: string | null = 'secret') {
  return createHttpClient({
    token,
    fetch: fetchImplementation,
    createEventSource: (url) => new FakeEventSource(url),
    createUploadRequest: () => new FakeUploadRequest(),
  });
}

afterEach(() => {
  FakeEventSource.instances = [];
  FakeUploadRequest.instances = [];
  vi.useRealTimers();
});

describe('invoke', () => {
  it('posts the request to /api/<command> with the bearer token', async () => {
    const fetchSpy = vi.fn<typeof fetch>(async () => jsonResponse(200, { ok: true, data: { symbols: [] }, meta: { elapsedMs: 1 } }));
    const envelope = await clientWith(fetchSpy).invoke('data/symbols', {});
    expect(envelope).toEqual({ ok: true, data: { symbols: [] }, meta: { elapsedMs: 1 } });
    const [url, init] = fetchSpy.mock.calls[0]!;
    expect(url).toBe('/api/data/symbols');
    expect(init).toMatchObject({ method: 'POST', body: '{}', headers: { 'Content-Type': 'application/json', Authorization: 'Bearer secret' } });
  });

  it('answers the host error envelope as it is', async () => {
    const body = { ok: false, error: { kind: 'queue_full', message: 'Queue is full: 20 jobs waiting' }, meta: { elapsedMs: 2 } };
    const client = clientWith(async () => jsonResponse(429, body));
    expect(await client.invoke('jobs/submit', { kind: 'data/import', params: { paths: ['/a.csv'] } })).toEqual(body);
  });

  it('turns a network failure into an unavailable envelope the user can read, the browser’s reason kept in details', async () => {
    const client = clientWith(async () => {
      throw new TypeError('Failed to fetch');
    });
    const envelope = await client.invoke('system/status', {});
    expect(envelope.ok).toBe(false);
    expect(envelope.ok === false && envelope.error).toEqual({ kind: 'unavailable', message: HOST_UNREACHABLE_MESSAGE, details: { reason: 'Failed to fetch' } });
  });

  it('turns a non-JSON answer into an error envelope', async () => {
    const client = clientWith(async () => new Response('Bad gateway', { status: 502 }));
    const envelope = await client.invoke('system/status', {});
    expect(envelope.ok === false && envelope.error.kind).toBe('unavailable');
  });

  it('sends no Authorization header without a token', async () => {
    const fetchSpy = vi.fn<typeof fetch>(async () => jsonResponse(200, { ok: true, data: {}, meta: { elapsedMs: 1 } }));
    await clientWith(fetchSpy, null).invoke('system/status', {});
    expect(fetchSpy.mock.calls[0]![1]!.headers).toEqual({ 'Content-Type': 'application/json' });
  });
});

describe('subscribe', () => {
  const unusedFetch = vi.fn<typeof fetch>();

  it('shares one EventSource, authenticated by query, and delivers parsed events', () => {
    const client = clientWith(unusedFetch, 'a b');
    const first: AppEvent[] = [];
    const second: AppEvent[] = [];
    client.subscribe((event) => first.push(event));
    client.subscribe((event) => second.push(event));
    expect(FakeEventSource.instances).toHaveLength(1);
    const source = FakeEventSource.instances[0]!;
    expect(source.url).toBe('/api/events?token=a%20b');
    source.emit('job/progress', JSON.stringify({ id: 'j1', progress: { fraction: 0.5, message: 'Half', phase: 'running' } }));
    const expected = { name: 'job/progress', payload: { id: 'j1', progress: { fraction: 0.5, message: 'Half', phase: 'running' } } };
    expect(first).toEqual([expected]);
    expect(second).toEqual([expected]);
  });

  it('drops malformed event data', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    const client = clientWith(unusedFetch);
    const received: AppEvent[] = [];
    client.subscribe((event) => received.push(event));
    FakeEventSource.instances[0]!.emit('log/appended', '{not json');
    expect(received).toEqual([]);
    warn.mockRestore();
  });

  it('closes the EventSource when the last subscriber leaves', () => {
    const client = clientWith(unusedFetch);
    const stopFirst = client.subscribe(() => {});
    const stopSecond = client.subscribe(() => {});
    stopFirst();
    expect(FakeEventSource.instances[0]!.isClosed).toBe(false);
    stopSecond();
    expect(FakeEventSource.instances[0]!.isClosed).toBe(true);
  });

  it('reports connected, reconnecting, and connected again after the browser retries', () => {
    const client = clientWith(unusedFetch);
    const states: string[] = [];
    client.subscribe(() => {});
    client.watchConnection((state) => states.push(state));
    const source = FakeEventSource.instances[0]!;
    source.emit('open');
    source.fail(0);
    source.emit('open');
    expect(states).toEqual(['connecting', 'connected', 'reconnecting', 'connected']);
    expect(FakeEventSource.instances).toHaveLength(1);
  });

  it('opens a new EventSource with backoff when the browser gives up', () => {
    vi.useFakeTimers();
    const client = clientWith(unusedFetch);
    const states: string[] = [];
    client.subscribe(() => {});
    client.watchConnection((state) => states.push(state));
    FakeEventSource.instances[0]!.fail(2);
    expect(FakeEventSource.instances[0]!.isClosed).toBe(true);
    vi.advanceTimersByTime(999);
    expect(FakeEventSource.instances).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(FakeEventSource.instances).toHaveLength(2);
    FakeEventSource.instances[1]!.emit('open');
    expect(states).toEqual(['connecting', 'reconnecting', 'connected']);
  });
});

describe('uploadFile', () => {
  const unusedFetch = vi.fn<typeof fetch>();
  const csv = () => new File(['Date,Close\n2020-01-02,1.5\n'], '^GSPC.csv', { type: 'text/csv' });

  it('posts the file itself as the body, with the bearer token, and reports the bytes sent', async () => {
    const file = csv();
    const sent: number[] = [];
    const answer = clientWith(unusedFetch).uploadFile(file, (sentBytes) => sent.push(sentBytes));
    const request = FakeUploadRequest.instances[0]!;
    expect(request).toMatchObject({
      method: 'POST',
      url: '/api/uploads/%5EGSPC.csv',
      headers: { Authorization: 'Bearer secret', 'Content-Type': 'application/octet-stream' },
    });
    expect(request.body).toBe(file);

    request.progress(10);
    // The browser may count a little more than the file; progress never passes its size.
    request.progress(file.size + 200);
    const staged = { ok: true, data: { path: '/data/staging/1/^GSPC.csv' }, meta: { elapsedMs: 2 } };
    request.answer(200, staged);
    expect(await answer).toEqual(staged);
    expect(sent).toEqual([10, file.size]);
    expect(unusedFetch).not.toHaveBeenCalled();
  });

  it('answers the host error envelope as it is', async () => {
    const answer = clientWith(unusedFetch).uploadFile(csv(), () => {});
    const refused = { ok: false, error: { kind: 'invalid', message: '^GSPC.csv is larger than 64 MB' }, meta: { elapsedMs: 1 } };
    FakeUploadRequest.instances[0]!.answer(413, refused);
    expect(await answer).toEqual(refused);
  });

  it('turns a broken connection into an unavailable envelope instead of throwing', async () => {
    const answer = clientWith(unusedFetch).uploadFile(csv(), () => {});
    FakeUploadRequest.instances[0]!.breakOff();
    const envelope = await answer;
    expect(envelope.ok === false && envelope.error).toEqual({ kind: 'unavailable', message: HOST_UNREACHABLE_MESSAGE, details: { reason: 'The upload of ^GSPC.csv broke off' } });
  });

  it('sends no Authorization header without a token', () => {
    void clientWith(unusedFetch, null).uploadFile(csv(), () => {});
    expect(FakeUploadRequest.instances[0]!.headers).toEqual({ 'Content-Type': 'application/octet-stream' });
  });
});
