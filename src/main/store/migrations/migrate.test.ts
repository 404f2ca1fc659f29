import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/errors';
import { applyMigrations, migrationId, schemaVersion, type Migration } from './migrate';

let directory: string;
let db: Database.Database;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-migrate-'));
  db = new Database(path.join(directory, 'test.sqlite'));
});

afterEach(() => {
  db.close();
  fs.rmSync(directory, { recursive: true, force: true });
});

const createA: Migration = { version: 10, name: 'create-a', up: (target) => target.exec('CREATE TABLE a (x INTEGER)') };
const createB: Migration = { version: 20, name: 'create-b', up: (target) => target.exec('CREATE TABLE b (y INTEGER)') };

function tableNames(): string[] {
  return db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all() as string[];
}

describe('applyMigrations', () => {
  it('applies pending migrations in order and records the version', () => {
    const report = applyMigrations(db, [createA, createB], 'test');
    expect(report).toEqual({ fromVersion: 0, toVersion: 20, applied: ['0010-create-a', '0020-create-b'] });
    expect(schemaVersion(db)).toBe(20);
    expect(tableNames()).toEqual(['a', 'b']);
  });

  it('applies only what is new on a later run', () => {
    applyMigrations(db, [createA], 'test');
    const report = applyMigrations(db, [createA, createB], 'test');
    expect(report.applied).toEqual(['0020-create-b']);
    expect(applyMigrations(db, [createA, createB], 'test').applied).toEqual([]);
  });

  it('rolls a failing migration back, keeps earlier ones, and throws naming it', () => {
    const failing: Migration = {
      version: 20,
      name: 'broken',
      up(target) {
        target.exec('CREATE TABLE half_done (z INTEGER)');
        target.exec('INSERT INTO no_such_table VALUES (1)');
      },
    };
    let thrown: unknown;
    try {
      applyMigrations(db, [createA, failing], 'tracking');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(AppError);
    expect((thrown as AppError).kind).toBe('internal');
    expect((thrown as AppError).message).toBe(
      'Migration 0020-broken of the tracking store failed: no such table: no_such_table',
    );
    expect(schemaVersion(db)).toBe(10);
    expect(tableNames()).toEqual(['a']);
    expect(db.inTransaction).toBe(false);
  });

  it('refuses a database newer than its newest migration', () => {
    db.pragma('user_version = 30');
    expect(() => applyMigrations(db, [createA, createB], 'market')).toThrow(
      /^The market database at .*test\.sqlite was written by a newer version of Quantdesk \(schema 30, this version knows 20\)\./,
    );
  });

  it('refuses migrations listed out of order', () => {
    expect(() => applyMigrations(db, [createB, createA], 'test')).toThrow(/out of order at 0010-create-a/);
  });

  it('names migrations with a zero-padded version', () => {
    expect(migrationId({ version: 10, name: 'init', up: () => undefined })).toBe('0010-init');
  });
});
