import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';

/** Test helper: raw HTTP requests with full control over Host, Origin and the body. */
export interface RawResponse {
  status: number;
  headers: IncomingMessage['headers'];
  text: string;
  json<T = unknown>(): T;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

export function rawRequest(port: number, options: RawRequest): Promise<RawResponse> {
  const { request, response } = startRawRequest(port, options);
  if (options.body !== undefined) request.write(options.body);
  request.end();
  return response;
}

/** A request whose body the caller writes (or abandons); `response` settles when the answer has been read. */
export function startRawRequest(port: number, options: Omit<RawRequest, 'body'>): { request: ClientRequest; response: Promise<RawResponse> } {
  let request!: ClientRequest;
  const response = new Promise<RawResponse>((resolve, reject) => {
    request = httpRequest(
      {
        host: '127.0.0.1',
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: { host: `127.0.0.1:${port}`, ...options.headers },
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            text,
            json: <T>() => JSON.parse(text) as T,
          });
        });
        incoming.on('error', reject);
      },
    );
    // Once answered, a later error (the host closing while the body is still being sent) changes nothing.
    request.on('error', reject);
  });
  return { request, response };
}

/** An open SSE connection that collects parsed frames. */
export interface EventStreamClient {
  status: number;
  headers: IncomingMessage['headers'];
  frames: Array<{ event?: string; data?: string; comment?: string }>;
  /** Resolves once `predicate` holds for the frames received so far. */
  waitFor(predicate: (frames: EventStreamClient['frames']) => boolean, timeoutMs?: number): Promise<void>;
  response: IncomingMessage;
  close(): void;
}

export function openEventStream(port: number, path: string, headers: Record<string, string> = {}): Promise<EventStreamClient> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      { host: '127.0.0.1', port, path, headers: { host: `127.0.0.1:${port}`, accept: 'text/event-stream', ...headers } },
      (response) => {
        const frames: EventStreamClient['frames'] = [];
        const checks = new Set<() => void>();
        let buffer = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          buffer += chunk;
          let end: number;
          while ((end = buffer.indexOf('\n\n')) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const frame: EventStreamClient['frames'][number] = {};
            for (const line of block.split('\n')) {
              if (line.startsWith(':')) frame.comment = line.slice(1).trim();
              else if (line.startsWith('event: ')) frame.event = line.slice(7);
              else if (line.startsWith('data: ')) frame.data = (frame.data === undefined ? '' : frame.data + '\n') + line.slice(6);
            }
            frames.push(frame);
          }
          for (const check of checks) check();
        });
        response.on('error', () => {});
        resolve({
          status: response.statusCode ?? 0,
          headers: response.headers,
          frames,
          response,
          waitFor(predicate, timeoutMs = 5000) {
            return new Promise<void>((done, fail) => {
              if (predicate(frames)) return done();
              const timer = setTimeout(() => {
                checks.delete(check);
                fail(new Error(`Timed out waiting for SSE frames; got ${JSON.stringify(frames)}`));
              }, timeoutMs);
              const check = () => {
                if (!predicate(frames)) return;
                clearTimeout(timer);
                checks.delete(check);
                done();
              };
              checks.add(check);
            });
          },
          close: () => request.destroy(),
        });
      },
    );
    request.on('error', reject);
    request.end();
  });
}
