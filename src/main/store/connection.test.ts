import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caughtAppError } from './test-helpers';
import { openTrackingStore } from './connection';
import { trackingMigrations } from './migrations';
import { newestVersion } from './migrations/migrate';

const NEWEST = newestVersion(trackingMigrations);

let directory: string;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-tracking-'));
});

afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});


describe('openTrackingStore', () => {
  it('creates the folder and file, sets the pragmas and migrates', () => {
    const file = path.join(directory, 'nested', 'deeper', 'tracking.sqlite');
    const db = openTrackingStore(file);
    try {
      expect(fs.existsSync(file)).toBe(true);
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
      expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
      expect(db.pragma('synchronous', { simple: true })).toBe(1);
      expect(db.pragma('user_version', { simple: true })).toBe(NEWEST);
    } finally {
      db.close();
    }
  });

  it('opens an existing store again without changing it', () => {
    const file = path.join(directory, 'tracking.sqlite');
    const first = openTrackingStore(file);
    first.prepare("INSERT INTO jobs (id, kind, params, status, progress, warnings, created_at) VALUES ('a', 'k', '{}', 'queued', '{}', '[]', 'now')").run();
    first.close();
    const second = openTrackingStore(file);
    expect(second.prepare('SELECT id FROM jobs').pluck().all()).toEqual(['a']);
    second.close();
  });

  it('refuses a database written by a newer version, naming the file and both versions', () => {
    const file = path.join(directory, 'tracking.sqlite');
    const newer = new Database(file);
    newer.pragma('user_version = 990');
    newer.close();
    const error = caughtAppError(() => openTrackingStore(file));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toMatch(
      new RegExp(
        `^The tracking database at ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} was written by a newer version of Quantdesk \\(schema 990, this version knows ${NEWEST}\\)\\. `,
      ),
    );
    // Nothing was written to it.
    const check = new Database(file, { readonly: true });
    expect(check.pragma('journal_mode', { simple: true })).toBe('delete');
    expect(check.prepare("SELECT count(*) FROM sqlite_master").pluck().get()).toBe(0);
    check.close();
  });

  it('reports a file that is not SQLite as corrupt, naming it', () => {
    const file = path.join(directory, 'tracking.sqlite');
    fs.writeFileSync(file, 'Date,Open,High,Low,Close,Volume\n'.repeat(200));
    const error = caughtAppError(() => openTrackingStore(file));
    expect(error.kind).toBe('corrupt');
    expect(error.message).toContain(`The tracking database at ${file} is not a SQLite database`);
  });

  it('stops with the failing migration’s error and keeps the file at the last good version', () => {
    // Simulates a half-upgraded store: the table 0010 creates exists already.
    const file = path.join(directory, 'tracking.sqlite');
    const existing = new Database(file);
    existing.exec('CREATE TABLE jobs (id TEXT)');
    existing.close();
    const error = caughtAppError(() => openTrackingStore(file));
    expect(error.kind).toBe('internal');
    expect(error.message).toBe('Migration 0010-init of the tracking store failed: table jobs already exists');
    const check = new Database(file, { readonly: true });
    expect(check.pragma('user_version', { simple: true })).toBe(0);
    expect(check.prepare("SELECT name FROM sqlite_master WHERE type = 'table'").pluck().all()).toEqual(['jobs']);
    check.close();
  });
});
