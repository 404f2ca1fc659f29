import type { AppEvent, EventName, EventPayloads } from '../../shared/contract';

/** Sends one event to one subscriber; resolves when the subscriber can take the next one. */
export type Deliver = (event: AppEvent) => void | Promise<void>;

export interface SubscriptionOptions {
  /** Events waiting for this subscriber before it counts as stalled. */
  bufferLimit?: number;
  /** Called once if the subscriber stalls past its buffer; it has been closed by then. */
  onOverflow?: () => void;
}

export interface Subscription {
  close(): void;
  /** Events waiting to be delivered. */
  readonly pending: number;
}

const DEFAULT_BUFFER_LIMIT = 2000;

/**
 * Fans events out to subscribers (windows, SSE clients), each with its own bounded
 * buffer so a slow one never delays the others or the publisher.
 *
 * Under pressure a subscriber's pending progress for a job is replaced by the newest one
 * and old log lines are dropped; status changes are never dropped: a subscriber
 * that falls further behind than its limit is closed (it resyncs on reconnect).
 */
export class EventHub {
  private readonly subscribers = new Set<SubscriberQueue>();

  publish<E extends EventName>(name: E, payload: EventPayloads[E]): void {
    const event = { name, payload } as AppEvent;
    for (const subscriber of this.subscribers) subscriber.push(event);
  }

  subscribe(deliver: Deliver, options: SubscriptionOptions = {}): Subscription {
    const queue = new SubscriberQueue(deliver, options.bufferLimit ?? DEFAULT_BUFFER_LIMIT, () => {
      this.subscribers.delete(queue);
      options.onOverflow?.();
    });
    this.subscribers.add(queue);
    return {
      close: () => {
        queue.close();
        this.subscribers.delete(queue);
      },
      get pending() {
        return queue.pending;
      },
    };
  }

  get subscriberCount(): number {
    return this.subscribers.size;
  }
}

class SubscriberQueue {
  private queue: AppEvent[] = [];
  private isDelivering = false;
  private isClosed = false;

  constructor(
    private readonly deliver: Deliver,
    private readonly limit: number,
    private readonly overflow: () => void,
  ) {}

  get pending(): number {
    return this.queue.length;
  }

  push(event: AppEvent): void {
    if (this.isClosed) return;
    if (event.name === 'job/progress' && this.replacePendingProgress(event)) return;
    if (this.queue.length >= this.limit && !this.makeRoom()) {
      this.close();
      this.overflow();
      return;
    }
    this.queue.push(event);
    void this.pump();
  }

  close(): void {
    this.isClosed = true;
    this.queue = [];
  }

  private replacePendingProgress(event: AppEvent): boolean {
    const id = (event.payload as EventPayloads['job/progress']).id;
    // Only the not-yet-started part of the queue may be rewritten.
    const start = this.isDelivering ? 1 : 0;
    for (let index = start; index < this.queue.length; index++) {
      const pending = this.queue[index]!;
      if (pending.name === 'job/progress' && (pending.payload as EventPayloads['job/progress']).id === id) {
        this.queue[index] = event;
        return true;
      }
    }
    return false;
  }

  /** Drops the oldest droppable event (a log line, then a progress update); false if none. */
  private makeRoom(): boolean {
    const start = this.isDelivering ? 1 : 0;
    for (const droppable of ['log/appended', 'job/progress', 'system/updated'] as const) {
      const index = this.queue.findIndex((event, position) => position >= start && event.name === droppable);
      if (index >= 0) {
        this.queue.splice(index, 1);
        return true;
      }
    }
    return false;
  }

  private async pump(): Promise<void> {
    if (this.isDelivering) return;
    this.isDelivering = true;
    try {
      while (!this.isClosed && this.queue.length > 0) {
        const delivered = this.deliver(this.queue[0]!);
        if (delivered) await delivered;
        this.queue.shift();
      }
    } catch {
      // A subscriber whose delivery throws is gone (closed socket, destroyed window).
      this.close();
      this.overflow();
    } finally {
      this.isDelivering = false;
    }
  }
}
