import { describe, expect, it, vi } from 'vitest';
import { takeSessionToken } from './session-token';

function environment(href: string, stored: string | null = null) {
  const storage = new Map<string, string>(stored ? [['quantdesk.token', stored]] : []);
  return {
    location: { href },
    sessionStorage: { getItem: (key: string) => storage.get(key) ?? null, setItem: (key: string, value: string) => void storage.set(key, value) },
    history: { state: null, replaceState: vi.fn() },
    storage,
  };
}

describe('takeSessionToken', () => {
  it('takes the token from the address, stores it and removes it from the address bar', () => {
    const env = environment('http://127.0.0.1:4000/?token=abc&view=1#/data');
    expect(takeSessionToken(env)).toBe('abc');
    expect(env.storage.get('quantdesk.token')).toBe('abc');
    expect(env.history.replaceState).toHaveBeenCalledWith(null, '', '/?view=1#/data');
  });

  it('falls back to the stored token after a reload', () => {
    const env = environment('http://127.0.0.1:4000/#/jobs', 'stored');
    expect(takeSessionToken(env)).toBe('stored');
    expect(env.history.replaceState).not.toHaveBeenCalled();
  });

  it('answers null without any token', () => {
    expect(takeSessionToken(environment('http://127.0.0.1:4000/'))).toBeNull();
  });
});
