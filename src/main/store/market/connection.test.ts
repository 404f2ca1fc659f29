import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { caughtAppError } from '../test-helpers';
import { openMarketStore } from './connection';

let directory: string;
let file: string;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-market-'));
  file = path.join(directory, 'data', 'market.sqlite');
});

afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});


describe('openMarketStore', () => {
  it('creates and migrates the store when writable', () => {
    const db = openMarketStore(file);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('synchronous', { simple: true })).toBe(1);
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('busy_timeout', { simple: true })).toBe(5000);
    expect(db.pragma('user_version', { simple: true })).toBe(10);
    db.close();
  });

  it('opens read-only without writing and with a short busy timeout', () => {
    openMarketStore(file).close();
    const sizeBefore = fs.statSync(file).size;
    const db = openMarketStore(file, { readonly: true });
    expect(db.readonly).toBe(true);
    expect(db.pragma('busy_timeout', { simple: true })).toBeLessThanOrEqual(50);
    expect(() => db.exec("INSERT INTO symbols VALUES ('A', '2020-01-01', '2020-01-01', 1, 'x', 'now')")).toThrow(/readonly/);
    db.close();
    expect(fs.statSync(file).size).toBe(sizeBefore);
  });

  it('reads while a writer holds the write lock, without waiting', () => {
    const writer = openMarketStore(file);
    const reader = openMarketStore(file, { readonly: true });
    writer.exec('BEGIN IMMEDIATE');
    writer.exec("INSERT INTO symbols VALUES ('A', '2020-01-01', '2020-01-01', 1, 'x', 'now')");
    // With no busy timeout, a read that had to wait for the writer would fail at once with SQLITE_BUSY.
    reader.pragma('busy_timeout = 0');
    expect(reader.prepare('SELECT count(*) FROM symbols').pluck().get()).toBe(0);
    writer.exec('COMMIT');
    expect(reader.prepare('SELECT count(*) FROM symbols').pluck().get()).toBe(1);
    reader.close();
    writer.close();
  });

  it('refuses a read-only open of a missing or not yet migrated store', () => {
    expect(caughtAppError(() => openMarketStore(file, { readonly: true })).kind).toBe('not_found');
    expect(fs.existsSync(file)).toBe(false);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    new Database(file).close();
    const error = caughtAppError(() => openMarketStore(file, { readonly: true }));
    expect(error.kind).toBe('unavailable');
    expect(error.message).toContain('has not been set up for this version yet (schema 0, expected 10)');
  });

  it('refuses a store from a newer version, read-only or not', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const newer = new Database(file);
    newer.pragma('user_version = 20');
    newer.close();
    for (const options of [{}, { readonly: true }]) {
      const error = caughtAppError(() => openMarketStore(file, options));
      expect(error.kind).toBe('unavailable');
      expect(error.message).toMatch(/^The market database at .* was written by a newer version of Quantdesk \(schema 20, this version knows 10\)/);
    }
  });

  it('reports a file that is not SQLite as corrupt', () => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, Buffer.alloc(4096, 7));
    for (const options of [{}, { readonly: true }]) {
      const error = caughtAppError(() => openMarketStore(file, options));
      expect(error.kind).toBe('corrupt');
      expect(error.message).toContain(`The market database at ${file} is not a SQLite database`);
    }
  });
});
