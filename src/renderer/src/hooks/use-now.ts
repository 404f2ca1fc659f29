import { useSyncExternalStore } from 'react';

/** One shared one-second clock, running only while some component ticks with it. */
let now = Date.now();
let timer: ReturnType<typeof setInterval> | null = null;
const listeners = new Set<() => void>();

function tick(): void {
  now = Date.now();
  for (const listener of listeners) listener();
}

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  if (!timer) {
    now = Date.now();
    timer = setInterval(tick, 1000);
  }
  return () => {
    listeners.delete(listener);
    if (listeners.size === 0 && timer) {
      clearInterval(timer);
      timer = null;
    }
  };
}

function subscribeNever(): () => void {
  return () => {};
}

function readNow(): number {
  return now;
}

/** The current time in ms, updated every second while `isTicking`; all tickers change together. */
export function useNow(isTicking: boolean): number {
  return useSyncExternalStore(isTicking ? subscribe : subscribeNever, readNow, readNow);
}
