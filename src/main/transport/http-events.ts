import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { Logger } from 'pino';
import type { EventHub } from '../services/event-hub';

export interface EventStreamOptions {
  events: EventHub;
  logger?: Logger;
  /** Comment lines sent this often keep proxies and the browser from timing out. */
  heartbeatMs: number;
  /** Events buffered for one slow client before its stream is closed. */
  bufferLimit?: number;
}

/** The open event streams of one HTTP app, so shutdown can end them. */
export class EventStreams {
  private readonly open = new Set<() => void>();

  constructor(private readonly options: EventStreamOptions) {}

  get size(): number {
    return this.open.size;
  }

  closeAll(): void {
    for (const finish of [...this.open]) finish();
  }

  /**
   * Answers `GET /api/events` with Server-Sent Events: `event: <name>` and
   * `data: <json payload>`. Each stream is one EventHub subscriber whose delivery waits
   * for the socket, so a slow client backs up into its own bounded buffer only.
   */
  respond(c: Context): Response {
    const { events, logger, heartbeatMs, bufferLimit } = this.options;
    return streamSSE(c, async (stream) => {
      let pendingWrites = 0;
      let isFinished = false;
      let resolveDone!: () => void;
      const done = new Promise<void>((resolve) => (resolveDone = resolve));

      const finish = (): void => {
        if (isFinished) return;
        isFinished = true;
        clearInterval(heartbeat);
        subscription.close();
        this.open.delete(finish);
        resolveDone();
      };

      const subscription = events.subscribe(
        async (event) => {
          if (isFinished || stream.aborted) throw new Error('Event stream closed');
          pendingWrites += 1;
          try {
            await stream.writeSSE({ event: event.name, data: JSON.stringify(event.payload) });
          } finally {
            pendingWrites -= 1;
          }
        },
        {
          ...(bufferLimit === undefined ? {} : { bufferLimit }),
          onOverflow: () => {
            if (isFinished) return;
            logger?.warn({ pending: bufferLimit }, 'Event stream client fell too far behind; closing its stream');
            finish();
            // A stalled socket never drains what is queued on it: drop the connection so
            // the client reconnects and resyncs.
            stream.abort();
            (c.env as { outgoing?: { destroy(): void } } | undefined)?.outgoing?.destroy();
          },
        },
      );
      const heartbeat = setInterval(() => {
        if (pendingWrites === 0 && !isFinished) void stream.write(': heartbeat\n\n');
      }, heartbeatMs);
      heartbeat.unref();

      stream.onAbort(finish);
      this.open.add(finish);
      // Tells EventSource how soon to reconnect, and flushes the headers at once.
      await stream.write('retry: 2000\n: connected\n\n');
      await done;
    });
  }
}
