import { setTimeout as sleep } from 'node:timers/promises';
import { countText } from '../../shared/count-text';
import { isAppError } from '../../shared/errors';
import type { ImportFileResult } from '../../shared/kinds';
import { upsertBarSeries, type BarSeries } from '../../main/store/market/bars';
import type { MarketDb } from '../../main/store/market/connection';
import { sqliteCode } from '../../main/store/sqlite';
import { CancelledError, type TaskContext } from '../task';
import { beginBarCsv, describeBarsOutsideRange, parseBarRows } from './csv';
import { failedImport, readImportText, type PendingImport } from './data-import-files';

/** Rows checked between checkpoints (~4 ms of parsing). */
const PARSE_CHUNK_ROWS = 4096;
/** Rows written between checkpoints (~5 ms of upserts). */
const WRITE_CHUNK_ROWS = 2048;
/** Share of a file's progress that checking takes; writing is the slower part. */
const PARSE_SHARE = 0.25;
const LOCK_RETRY_MIN_MS = 5;
const LOCK_RETRY_MAX_MS = 100;
/** After this long waiting for the write lock, say so in the progress message. */
const LOCK_WAIT_NOTICE_MS = 500;

/** Reports one file's progress: the share of it done (0..1) and a message. */
export type FileProgress = (fileFraction: number, message: string) => void;

/**
 * Imports one file in a single write transaction: checks every row first (dates more
 * than a year after `today` are refused), then writes in chunks with checkpoints between
 * them. Any failure or cancel rolls the whole file back. Problems with the file come back
 * as a failed result; a cancel throws CancelledError; anything else throws. Counts the rows
 * that replaced stored bars of the same date.
 */
export async function importFile(
  db: MarketDb,
  file: PendingImport,
  context: TaskContext,
  today: Date,
  onProgress: FileProgress,
): Promise<ImportFileResult> {
  const { fileName, symbol } = file;
  const text = file.text === null ? await readImportText(file.path) : { isReadable: true as const, value: file.text };
  file.text = null;
  if (!text.isReadable) return failedImport(file.path, symbol, text.error);
  const checked = await checkRows(file, text.value, context, today, onProgress);
  if (!checked.isValid) return failedImport(file.path, symbol, checked.error);
  const { series, warning } = checked;
  const rowCount = series.dates.length;
  const firstDate = series.dates[0];
  const lastDate = series.dates.at(-1);
  if (firstDate === undefined || lastDate === undefined) {
    return failedImport(file.path, symbol, `${fileName} has a header but no data rows`);
  }

  let addedRows = 0;
  await beginWriteTransaction(db, context, () => onProgress(PARSE_SHARE, `${fileName}: waiting for another import to finish`));
  try {
    const source = `csv:${fileName}`;
    for (let start = 0; start < rowCount; start += WRITE_CHUNK_ROWS) {
      const written = Math.min(rowCount, start + WRITE_CHUNK_ROWS);
      addedRows += upsertBarSeries(db, symbol, series, source, start, written);
      onProgress(
        PARSE_SHARE + (1 - PARSE_SHARE) * (written / rowCount),
        `${fileName}: ${countText(written)} / ${countText(rowCount)} rows`,
      );
      await context.checkpoint();
    }
    db.exec('COMMIT');
    if (warning !== null) context.warn(warning);
  } catch (error) {
    if (db.inTransaction) db.exec('ROLLBACK');
    if (error instanceof CancelledError) throw error;
    const code = sqliteCode(error);
    if (code === undefined) throw error;
    return failedImport(file.path, symbol, `Could not write to the market store (${code}): ${(error as Error).message}`);
  }
  return {
    path: file.path,
    symbol,
    status: 'imported',
    rows: rowCount,
    // A file never lists a date twice (refused while checking): each row that added no date replaced a bar.
    replacedRows: rowCount - addedRows,
    firstDate,
    lastDate,
  };
}

/**
 * Opens a write transaction without ever blocking the event loop: SQLite's busy wait
 * is synchronous, so it is switched off and the lock is retried with async sleeps,
 * checking for cancel in between, while another worker holds it.
 */
export async function beginWriteTransaction(db: MarketDb, context: TaskContext, onWaiting: () => void): Promise<void> {
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  db.pragma('busy_timeout = 0');
  try {
    const startedAt = performance.now();
    let delay = LOCK_RETRY_MIN_MS;
    let hasNoticed = false;
    for (;;) {
      await context.checkpoint();
      try {
        db.exec('BEGIN IMMEDIATE');
        return;
      } catch (error) {
        if (sqliteCode(error) !== 'SQLITE_BUSY') throw error;
      }
      if (!hasNoticed && performance.now() - startedAt > LOCK_WAIT_NOTICE_MS) {
        hasNoticed = true;
        onWaiting();
      }
      await sleep(delay);
      delay = Math.min(LOCK_RETRY_MAX_MS, delay * 2);
    }
  } finally {
    db.pragma(`busy_timeout = ${busyTimeout}`);
  }
}

/** Parses and validates the whole file before anything is written; `warning` is about bars kept as they are. */
async function checkRows(
  file: PendingImport,
  text: string,
  context: TaskContext,
  today: Date,
  onProgress: FileProgress,
): Promise<{ isValid: true; series: BarSeries; warning: string | null } | { isValid: false; error: string }> {
  try {
    const parse = beginBarCsv(file.fileName, text, today);
    while (parse.series === null) {
      parseBarRows(parse, PARSE_CHUNK_ROWS);
      const checked = parse.columns.length;
      onProgress(
        PARSE_SHARE * Math.min(1, checked / file.estimatedRows),
        `${file.fileName}: checking ${countText(checked)} / ${countText(file.estimatedRows)} rows`,
      );
      await context.checkpoint();
    }
    return { isValid: true, series: parse.series, warning: describeBarsOutsideRange(parse, 'imported') };
  } catch (error) {
    if (isAppError(error) && error.kind === 'invalid') return { isValid: false, error: error.message };
    throw error;
  }
}
