import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultDataDir, resolveDataDir } from './data-dir';

let root: string | null = null;

function tempRoot(): string {
  root = mkdtempSync(join(tmpdir(), 'quantdesk-datadir-'));
  return root;
}

afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
  root = null;
});

describe('resolveDataDir', () => {
  it('prefers the flag, then QUANTDESK_DATA_DIR, then the OS default, and creates it', () => {
    const base = tempRoot();
    const fromFlag = resolveDataDir({ flag: join(base, 'flag', 'nested'), env: { QUANTDESK_DATA_DIR: join(base, 'env') } });
    expect(fromFlag).toBe(join(base, 'flag', 'nested'));
    expect(statSync(fromFlag).isDirectory()).toBe(true);

    const fromEnv = resolveDataDir({ env: { QUANTDESK_DATA_DIR: join(base, 'env') } });
    expect(fromEnv).toBe(join(base, 'env'));
    expect(existsSync(fromEnv)).toBe(true);

    const fromDefault = resolveDataDir({ env: { XDG_DATA_HOME: join(base, 'xdg') }, platform: 'linux', homeDir: base });
    expect(fromDefault).toBe(join(base, 'xdg', 'quantdesk'));
    expect(existsSync(fromDefault)).toBe(true);
  });

  it('knows each OS app-data directory', () => {
    expect(defaultDataDir('linux', {}, '/home/ada')).toBe('/home/ada/.local/share/quantdesk');
    expect(defaultDataDir('linux', { XDG_DATA_HOME: 'relative' }, '/home/ada')).toBe('/home/ada/.local/share/quantdesk');
    expect(defaultDataDir('darwin', {}, '/Users/ada')).toBe('/Users/ada/Library/Application Support/Quantdesk');
    expect(defaultDataDir('win32', { APPDATA: 'C:\\Users\\ada\\AppData\\Roaming' }, 'C:\\Users\\ada')).toBe(
      'C:\\Users\\ada\\AppData\\Roaming\\Quantdesk',
    );
  });

  it('ignores empty overrides', () => {
    const base = tempRoot();
    expect(resolveDataDir({ flag: '', env: { QUANTDESK_DATA_DIR: join(base, 'env') } })).toBe(join(base, 'env'));
  });
});
