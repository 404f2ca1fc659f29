/**
 * Rate-limits a stream of values per key: `emit` sees at most one value per
 * `intervalMs` for a key, and always the latest one (trailing edge), so a chatty
 * producer can flood nothing downstream.
 */
export class Throttle<T> {
  private readonly entries = new Map<string, { latest: T; lastAt: number; timer: ReturnType<typeof setTimeout> | null }>();

  constructor(
    private readonly intervalMs: number,
    private readonly emit: (key: string, value: T) => void,
  ) {}

  push(key: string, value: T): void {
    const now = performance.now();
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { latest: value, lastAt: -Infinity, timer: null };
      this.entries.set(key, entry);
    }
    entry.latest = value;
    if (entry.timer) return;
    const waitMs = entry.lastAt + this.intervalMs - now;
    if (waitMs <= 0) {
      this.fire(key);
      return;
    }
    entry.timer = setTimeout(() => this.fire(key), waitMs);
  }

  /** Emits the pending value for `key` now, if one is waiting. */
  flush(key: string): void {
    const entry = this.entries.get(key);
    if (!entry?.timer) return;
    clearTimeout(entry.timer);
    this.fire(key);
  }

  /** Drops anything pending for `key` without emitting it. */
  forget(key: string): void {
    const entry = this.entries.get(key);
    if (entry?.timer) clearTimeout(entry.timer);
    this.entries.delete(key);
  }

  private fire(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    entry.timer = null;
    entry.lastAt = performance.now();
    this.emit(key, entry.latest);
  }
}
