import { mkdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { isAbsolute, join, posix, resolve, win32 } from 'node:path';

/** The stores' files in a data directory: jobs and results, and prices. */
export const TRACKING_DB_FILE = 'tracking.sqlite';
export const MARKET_DB_FILE = 'market.sqlite';

export interface DataDirOptions {
  /** The `--data-dir` flag, if given: wins over everything. */
  flag?: string;
  /** Where `QUANTDESK_DATA_DIR`, `XDG_DATA_HOME` and `APPDATA` are read; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** For tests; default process.platform. */
  platform?: NodeJS.Platform;
  /** For tests; default os.homedir(). */
  homeDir?: string;
}

/** The OS's per-user application data directory for Quantdesk. */
export function defaultDataDir(platform: NodeJS.Platform, env: NodeJS.ProcessEnv, homeDir: string): string {
  if (platform === 'win32') {
    return win32.join(env.APPDATA || win32.join(homeDir, 'AppData', 'Roaming'), 'Quantdesk');
  }
  if (platform === 'darwin') {
    return posix.join(homeDir, 'Library', 'Application Support', 'Quantdesk');
  }
  // XDG: a relative XDG_DATA_HOME is invalid and must be ignored.
  const xdgDataHome = env.XDG_DATA_HOME && isAbsolute(env.XDG_DATA_HOME) ? env.XDG_DATA_HOME : join(homeDir, '.local', 'share');
  return join(xdgDataHome, 'quantdesk');
}

/**
 * The data directory (tracking and market stores, logs), absolute: `--data-dir`, else
 * `QUANTDESK_DATA_DIR`, else the OS app-data directory. Nothing is created.
 */
export function chooseDataDir(options: DataDirOptions = {}): string {
  const env = options.env ?? process.env;
  const chosen =
    nonEmpty(options.flag) ??
    nonEmpty(env.QUANTDESK_DATA_DIR) ??
    defaultDataDir(options.platform ?? process.platform, env, options.homeDir ?? homedir());
  return resolve(chosen);
}

/** `chooseDataDir`, created if missing. */
export function resolveDataDir(options: DataDirOptions = {}): string {
  const dataDir = chooseDataDir(options);
  mkdirSync(dataDir, { recursive: true });
  return dataDir;
}

function nonEmpty(value: string | undefined): string | undefined {
  return value && value.trim() !== '' ? value : undefined;
}
