import { EVENT_NAMES, type AppEvent, type EventName } from '../../../shared/contract';

/** How the live event feed is doing: shown in the status area; `connected` (again) means resync. */
export type ConnectionState = 'connecting' | 'connected' | 'reconnecting';

/** The part of `EventSource` the stream uses, so tests can hand in a fake. */
export interface EventSourceLike {
  readonly readyState: number;
  addEventListener(type: string, listener: (event: MessageEvent<string>) => void): void;
  close(): void;
}

export interface EventStreamOptions {
  url: string;
  createSource: (url: string) => EventSourceLike;
}

/** `EventSource.CLOSED`: the browser gave up (e.g. the host answered an error) and will not retry. */
const CLOSED = 2;
const RETRY_DELAYS_MS = [1000, 2000, 5000, 10_000];

/**
 * One shared Server-Sent Events connection for every subscriber. The browser retries a
 * dropped connection by itself; when it gives up, the stream starts a new one with backoff.
 */
export class EventStream {
  private readonly listeners = new Set<(event: AppEvent) => void>();
  private readonly connectionListeners = new Set<(state: ConnectionState) => void>();
  private source: EventSourceLike | null = null;
  private retryTimer: ReturnType<typeof setTimeout> | null = null;
  private failures = 0;
  private state: ConnectionState = 'connecting';

  constructor(private readonly options: EventStreamOptions) {}

  subscribe(listener: (event: AppEvent) => void): () => void {
    this.listeners.add(listener);
    this.connect();
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.disconnect();
    };
  }

  /** Calls the listener with the current state at once, then on every change. */
  watchConnection(listener: (state: ConnectionState) => void): () => void {
    this.connectionListeners.add(listener);
    listener(this.state);
    return () => this.connectionListeners.delete(listener);
  }

  private connect(): void {
    if (this.source || this.retryTimer) return;
    const source = this.options.createSource(this.options.url);
    this.source = source;
    for (const name of EVENT_NAMES) {
      source.addEventListener(name, (message) => this.dispatch(name, message.data));
    }
    source.addEventListener('open', () => {
      this.failures = 0;
      this.setState('connected');
    });
    source.addEventListener('error', () => {
      if (this.source !== source) return;
      this.setState('reconnecting');
      if (source.readyState === CLOSED) {
        source.close();
        this.source = null;
        this.scheduleRetry();
      }
    });
  }

  private scheduleRetry(): void {
    const delay = RETRY_DELAYS_MS[Math.min(this.failures, RETRY_DELAYS_MS.length - 1)];
    this.failures += 1;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      this.connect();
    }, delay);
  }

  private disconnect(): void {
    this.source?.close();
    this.source = null;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.failures = 0;
    this.setState('connecting');
  }

  private dispatch(name: EventName, data: string): void {
    let payload: unknown;
    try {
      payload = JSON.parse(data);
    } catch {
      console.warn(`Dropped a malformed '${name}' event`);
      return;
    }
    // The host sends each event name with its contract payload.
    const event = { name, payload } as AppEvent;
    for (const listener of this.listeners) listener(event);
  }

  private setState(state: ConnectionState): void {
    if (state === this.state) return;
    this.state = state;
    for (const listener of this.connectionListeners) listener(state);
  }
}
