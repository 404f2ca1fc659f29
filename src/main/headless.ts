import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import type { Logger } from 'pino';
import type { AppServices } from './app-types';
import { createHttpApp, type HttpApp } from './transport/http';

/** The only interface the headless host listens on. */
export const HEADLESS_HOSTNAME = '127.0.0.1';
/** Open connections still busy this long after close() are cut. */
const CLOSE_GRACE_MS = 2000;

export interface HeadlessHostOptions {
  app: AppServices;
  /** 0 picks any free port. */
  port: number;
  token: string;
  /** The built renderer (`out/renderer`); without it only the API is served. */
  rendererDir?: string;
  logger: Logger;
  /** SSE heartbeat interval; default 15 s. */
  heartbeatMs?: number;
  /** Events buffered per SSE client before it is dropped; EventHub's default when absent. */
  eventBufferLimit?: number;
}

export interface HeadlessHost {
  /** `http://127.0.0.1:PORT/` (without the token). */
  url: string;
  port: number;
  /** Ends event streams, stops accepting, waits briefly for requests in flight. Idempotent. */
  close(): Promise<void>;
}

/** Serves the app's contract and renderer over HTTP on 127.0.0.1 only. */
export async function startHeadlessHost(options: HeadlessHostOptions): Promise<HeadlessHost> {
  const { logger } = options;
  // Built once the port is known: the allowed Origin/Host values contain it.
  let httpApp: HttpApp | null = null;
  const server = createAdaptorServer({
    fetch: (request, env) => (httpApp ? httpApp.fetch(request, env) : new Response(null, { status: 503 })),
    hostname: HEADLESS_HOSTNAME,
  }) as Server;

  await new Promise<void>((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException): void => {
      reject(
        error.code === 'EADDRINUSE'
          ? new Error(`Port ${options.port} on ${HEADLESS_HOSTNAME} is already in use`)
          : error,
      );
    };
    server.once('error', onError);
    server.listen(options.port, HEADLESS_HOSTNAME, () => {
      server.off('error', onError);
      resolve();
    });
  });
  server.on('error', (error) => logger.error({ err: error }, 'HTTP server error'));

  const port = (server.address() as AddressInfo).port;
  httpApp = createHttpApp({
    app: options.app,
    token: options.token,
    allowedOrigins: [`http://${HEADLESS_HOSTNAME}:${port}`, `http://localhost:${port}`],
    logger,
    ...(options.rendererDir === undefined ? {} : { rendererDir: options.rendererDir }),
    ...(options.heartbeatMs === undefined ? {} : { heartbeatMs: options.heartbeatMs }),
    ...(options.eventBufferLimit === undefined ? {} : { eventBufferLimit: options.eventBufferLimit }),
  });
  const url = `http://${HEADLESS_HOSTNAME}:${port}/`;
  logger.info({ url }, 'Headless host listening');

  let closing: Promise<void> | null = null;
  const close = (): Promise<void> => {
    closing ??= new Promise<void>((resolve) => {
      httpApp?.closeEventStreams();
      const forceTimer = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
      // Keep-alive connections become idle as their last response ends (event streams included).
      const idleSweep = setInterval(() => server.closeIdleConnections(), 25);
      server.close(() => {
        clearTimeout(forceTimer);
        clearInterval(idleSweep);
        logger.info('Headless host stopped');
        resolve();
      });
      server.closeIdleConnections();
    });
    return closing;
  };

  return { url, port, close };
}
