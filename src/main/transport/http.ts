import { createHash, timingSafeEqual } from 'node:crypto';
import { Hono, type Context } from 'hono';
import type { Logger } from 'pino';
import { commandSchemas, type CommandName, type Envelope } from '../../shared/contract';
import type { ErrorKind } from '../../shared/errors';
import type { AppServices } from '../app-types';
import { pathWithoutQuery } from '../services/logging';
import { readJsonBody } from './http-body';
import { elapsedSince, errorEnvelope, httpStatusFor, type ErrorStatus } from './http-envelope';
import { EventStreams } from './http-events';
import { createStaticHandler } from './http-static';
import { receiveUpload, UPLOAD_ROUTE } from './http-upload';

/** Largest JSON body accepted by a command. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface HttpAppOptions {
  app: AppServices;
  /** Required on every /api request, as `Authorization: Bearer` or `?token=`. */
  token: string;
  /** The built renderer (`out/renderer`); without it only the API is served. */
  rendererDir?: string;
  /** The host's own origins, e.g. `http://127.0.0.1:PORT` and `http://localhost:PORT`. */
  allowedOrigins: readonly string[];
  logger?: Logger;
  /** Default 15 s. */
  heartbeatMs?: number;
  /** Events buffered per SSE client before it is dropped; EventHub's default when absent. */
  eventBufferLimit?: number;
}

export interface HttpApp {
  fetch(request: Request, env?: unknown): Response | Promise<Response>;
  /** Ends every open event stream (on shutdown, so the server can close). */
  closeEventStreams(): void;
  readonly openEventStreams: number;
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/** Constant-time: compares fixed-size digests, so neither content nor length leaks. */
export function isSameToken(given: string, expected: string): boolean {
  return timingSafeEqual(digest(given), digest(expected));
}

const SECURITY_HEADERS = [
  ['X-Content-Type-Options', 'nosniff'],
  // The page URL carries ?token=: it must never travel in a Referer.
  ['Referrer-Policy', 'no-referrer'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
] as const;

type HttpEnv = { Variables: { startedAt: number } };
type HttpContext = Context<HttpEnv>;

/** The token a request carries, '' for none; null when an Authorization header is malformed. */
function tokenOf(c: HttpContext): string | null {
  const header = c.req.header('authorization');
  if (header !== undefined) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
    return match ? match[1]! : null;
  }
  return c.req.query('token') ?? '';
}

/**
 * The headless host's HTTP surface: the contract's commands as `POST /api/<domain>/<verb>`,
 * events as SSE on `GET /api/events`, file uploads, health probes, and the built renderer.
 */
export function createHttpApp(options: HttpAppOptions): HttpApp {
  const { app, token, logger } = options;
  if (token.length === 0) throw new Error('The HTTP transport needs a non-empty token');
  const allowedOrigins = new Set(options.allowedOrigins.map((origin) => new URL(origin).origin));
  const allowedHosts = new Set(options.allowedOrigins.map((origin) => new URL(origin).host));
  const eventStreams = new EventStreams({
    events: app.events,
    heartbeatMs: options.heartbeatMs ?? 15_000,
    ...(logger ? { logger } : {}),
    ...(options.eventBufferLimit === undefined ? {} : { bufferLimit: options.eventBufferLimit }),
  });
  const serveStatic = options.rendererDir ? createStaticHandler(options.rendererDir) : null;
  const hono = new Hono<HttpEnv>();

  const refuse = (c: HttpContext, status: ErrorStatus, kind: ErrorKind, message: string): Response => {
    if (status === 429 || status === 503) c.header('Retry-After', '1');
    return c.json(errorEnvelope(kind, message, c.get('startedAt') ?? performance.now()), status);
  };

  hono.use(async (c, next) => {
    const startedAt = performance.now();
    c.set('startedAt', startedAt);
    await next();
    // Set on the final response: handlers may return their own Response objects.
    for (const [name, value] of SECURITY_HEADERS) c.res.headers.set(name, value);
    logger?.debug(
      { method: c.req.method, path: pathWithoutQuery(c.req.path), status: c.res.status, ms: elapsedSince(startedAt) },
      'HTTP request',
    );
  });

  // DNS rebinding: a foreign name resolving to 127.0.0.1 still carries its own Host.
  hono.use(async (c, next) => {
    const host = c.req.header('host')?.toLowerCase();
    if (!host || !allowedHosts.has(host)) return refuse(c, 403, 'unauthorized', 'Host not allowed');
    const origin = c.req.header('origin');
    if (origin !== undefined && !allowedOrigins.has(origin)) {
      return refuse(c, 403, 'unauthorized', 'Cross-origin requests are not allowed');
    }
    return next();
  });

  hono.get('/health/live', (c) => c.json({ status: 'ok' }));
  hono.get('/health/ready', (c) => {
    const report = app.readiness();
    const checks = {
      database: report.checks.database === true,
      migrations: report.checks.migrations === true,
      workers: report.checks.workers === true,
    };
    return c.json({ status: report.isReady ? 'ready' : 'not_ready', checks }, report.isReady ? 200 : 503);
  });

  hono.use('/api/*', async (c, next) => {
    c.header('Cache-Control', 'no-store');
    const given = tokenOf(c);
    if (given === null || given === '' || !isSameToken(given, token)) {
      c.header('WWW-Authenticate', 'Bearer');
      const reason = given === null ? 'Malformed Authorization header' : given === '' ? 'Missing token' : 'Invalid token';
      return refuse(c, 401, 'unauthorized', reason);
    }
    return next();
  });

  hono.get('/api/events', (c) => eventStreams.respond(c));

  hono.post(UPLOAD_ROUTE, async (c) => {
    const { status, envelope } = await receiveUpload(app, c.req.raw, c.req.param('name'), c.get('startedAt'));
    return c.json(envelope, status);
  });
  hono.all(UPLOAD_ROUTE, (c) => {
    c.header('Allow', 'POST');
    return refuse(c, 405, 'invalid', 'Use POST to upload a file');
  });

  hono.post('/api/:domain/:verb', async (c) => {
    const command = `${c.req.param('domain')}/${c.req.param('verb')}`;
    if (!Object.hasOwn(commandSchemas, command)) return refuse(c, 404, 'not_found', `Unknown command: ${command}`);
    const body = await readJsonBody(c.req.raw, MAX_BODY_BYTES);
    if (!body.ok) return refuse(c, body.status, 'invalid', body.message);
    let envelope: Envelope<unknown>;
    try {
      envelope = await app.dispatch(command as CommandName, body.value);
    } catch (error) {
      logger?.error({ err: error, command }, 'Command dispatch threw instead of answering an envelope');
      return refuse(c, 500, 'internal', 'Internal error');
    }
    const status = httpStatusFor(envelope);
    if (status === 429 || status === 503) c.header('Retry-After', '1');
    return c.json(envelope, status);
  });

  hono.all('/api/:domain/:verb', (c) => {
    const command = `${c.req.param('domain')}/${c.req.param('verb')}`;
    if (!Object.hasOwn(commandSchemas, command)) return refuse(c, 404, 'not_found', `Unknown command: ${command}`);
    c.header('Allow', 'POST');
    return refuse(c, 405, 'invalid', `Use POST for ${command}`);
  });
  hono.all('/api/*', (c) => refuse(c, 404, 'not_found', 'Unknown API path'));

  hono.get('*', async (c) => {
    if (!serveStatic) return c.text('Not found', 404);
    return serveStatic(c.req.raw);
  });
  hono.all('*', (c) => c.text('Not found', 404));

  hono.onError((error, c) => {
    logger?.error({ err: error, path: pathWithoutQuery(c.req.path) }, 'HTTP handler failed');
    return refuse(c, 500, 'internal', 'Internal error');
  });

  return {
    fetch: (request, env) => hono.fetch(request, env),
    closeEventStreams: () => eventStreams.closeAll(),
    get openEventStreams() {
      return eventStreams.size;
    },
  };
}
