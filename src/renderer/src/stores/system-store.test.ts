import { afterEach, describe, expect, it, vi } from 'vitest';
import { LOST_CONTACT_GRACE_MS, useSystemStore } from './system-store';

afterEach(() => {
  vi.useRealTimers();
  useSystemStore.setState(useSystemStore.getInitialState());
});

describe('lostContactAt', () => {
  it('is when the connection first dropped, once it has stayed down a while, until it is back', () => {
    vi.useFakeTimers({ now: 1_000 });
    const { setConnection } = useSystemStore.getState();
    setConnection('connected');
    expect(useSystemStore.getState().lostContactAt).toBeNull();
    setConnection('reconnecting');
    vi.advanceTimersByTime(LOST_CONTACT_GRACE_MS - 1);
    expect(useSystemStore.getState().lostContactAt).toBeNull();
    setConnection('reconnecting');
    vi.advanceTimersByTime(1);
    expect(useSystemStore.getState().lostContactAt).toBe(1_000);
    setConnection('connected');
    expect(useSystemStore.getState().lostContactAt).toBeNull();
  });

  it('stays null through a drop shorter than the grace (a resync after falling behind)', () => {
    vi.useFakeTimers({ now: 1_000 });
    const { setConnection } = useSystemStore.getState();
    setConnection('reconnecting');
    vi.advanceTimersByTime(LOST_CONTACT_GRACE_MS / 2);
    setConnection('connected');
    vi.advanceTimersByTime(LOST_CONTACT_GRACE_MS);
    expect(useSystemStore.getState().lostContactAt).toBeNull();
  });
});
