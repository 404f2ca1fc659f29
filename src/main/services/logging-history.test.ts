import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readLogHistory } from './logging-history';

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'quantdesk-log-history-'));
});

afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

/** One pino line, all of the same length (`L00`…`L99`). */
function line(index: number): string {
  return `${JSON.stringify({ level: 30, time: '2026-01-02T03:04:05.000Z', msg: `L${String(index).padStart(2, '0')}` })}\n`;
}

const LINE_BYTES = line(0).length;

function writeLines(name: string, from: number, to: number): void {
  writeFileSync(join(dir, name), Array.from({ length: to - from }, (_, offset) => line(from + offset)).join(''));
}

async function history(maxEntries: number, maxBytes?: number): Promise<string[]> {
  return (await readLogHistory(dir, 'quantdesk', maxEntries, maxBytes)).map((entry) => entry.message);
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, offset) => `L${String(from + offset).padStart(2, '0')}`);

describe('log history', () => {
  beforeEach(() => {
    // Numbered, not named, in order: quantdesk.10.log is newer than quantdesk.9.log.
    writeLines('quantdesk.9.log', 0, 10);
    writeLines('quantdesk.10.log', 10, 20);
    writeFileSync(join(dir, 'quantdesk.log.bak'), line(99));
    writeFileSync(join(dir, 'notes.txt'), 'not a log');
  });

  it('reads the newest entries of the numbered files, oldest first, up to a count', async () => {
    expect(await history(100)).toEqual(range(0, 20));
    expect(await history(3)).toEqual(range(17, 20));
    expect(await history(12)).toEqual(range(8, 20));
  });

  it('reads no more than the last maxBytes of the files, whole lines only', async () => {
    expect(await history(100, 5 * LINE_BYTES)).toEqual(range(15, 20));
    expect(await history(100, 5 * LINE_BYTES - 1)).toEqual(range(16, 20));
    expect(await history(100, 12 * LINE_BYTES)).toEqual(range(8, 20));
  });

  it('skips lines that are not log records without counting them', async () => {
    writeFileSync(join(dir, 'quantdesk.11.log'), `${line(20)}garbage\n[1,2]\n\n${line(21)}{"level":30,"msg":"cut sh`);
    expect(await history(3)).toEqual(['L19', 'L20', 'L21']);
  });

  it('has nothing to read in a missing folder', async () => {
    expect(await readLogHistory(join(dir, 'missing'), 'quantdesk', 100)).toEqual([]);
  });
});
