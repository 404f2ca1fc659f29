import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DataImportResult, ImportFileResult } from '../../shared/kinds';
import { listSymbols, loadBars } from '../../main/store/market/bars';
import { openMarketStore, type MarketDb } from '../../main/store/market/connection';
import { CancelledError, type TaskContext } from '../task';
import { SYMBOL_FILE_NAME_RULE } from '../../shared/symbol-file';
import { dataImportTask } from './data-import';

const SAMPLE_DIR = path.resolve(__dirname, '../../../resources/sample-data');
const SAMPLES = ['GOOG.csv', 'ORCL.csv', 'NVDA.csv', 'YHOO.csv'];

let directory: string;
let marketDbPath: string;

beforeEach(() => {
  directory = fs.mkdtempSync(path.join(os.tmpdir(), 'quantdesk-import-'));
  marketDbPath = path.join(directory, 'store', 'market.sqlite');
  for (const name of SAMPLES) fs.copyFileSync(path.join(SAMPLE_DIR, name), path.join(directory, name));
});

afterEach(() => {
  fs.rmSync(directory, { recursive: true, force: true });
});

interface FakeContext extends TaskContext {
  phases: string[];
  fractions: number[];
  messages: string[];
  warnings: string[];
  units: Array<{ unit: string; outcome: unknown; error?: string }>;
  checkpoints: number;
}

/** The worker runtime seam, recorded; `cancelWhen` decides, per checkpoint, to cancel. */
function fakeContext(options: { completedUnits?: Record<string, unknown>; cancelWhen?: (context: FakeContext) => boolean } = {}) {
  let isCancelled = false;
  const context: FakeContext = {
    jobId: 'job-1',
    run: { marketDbPath, completedUnits: options.completedUnits ?? {} },
    phases: [],
    fractions: [],
    messages: [],
    warnings: [],
    units: [],
    checkpoints: 0,
    async checkpoint() {
      context.checkpoints += 1;
      if (!isCancelled && options.cancelWhen?.(context)) isCancelled = true;
      if (isCancelled) throw new CancelledError();
    },
    isCancelled: () => isCancelled,
    setPhase: (phase) => context.phases.push(phase),
    progress: (fraction, message) => {
      context.fractions.push(fraction);
      context.messages.push(message);
    },
    warn: (message) => context.warnings.push(message),
    unitDone: (unit, outcome, error) => context.units.push({ unit, outcome, ...(error === undefined ? {} : { error }) }),
    log: { debug: () => undefined, info: () => undefined, warn: () => undefined, error: () => undefined },
  };
  return context;
}

function lockWaitMessage(fileName: string): string {
  return `${fileName}: waiting for another import to finish`;
}

/** Resolves once the import reports that it is waiting for another writer's lock on `fileName`. */
function lockWaitNotice(context: FakeContext, fileName: string): Promise<void> {
  const report = context.progress;
  return new Promise((resolve) => {
    context.progress = (fraction, message) => {
      report(fraction, message);
      if (message === lockWaitMessage(fileName)) resolve();
    };
  });
}

function file(name: string): string {
  return path.join(directory, name);
}

function withMarket<T>(read: (db: MarketDb) => T): T {
  const db = openMarketStore(marketDbPath, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

function barCount(symbol: string): number {
  return withMarket((db) => db.prepare('SELECT count(*) FROM bars WHERE symbol = ?').pluck().get(symbol) as number);
}

function resultOf(outcome: { result: unknown }): DataImportResult {
  return outcome.result as DataImportResult;
}

/** Sorted daily rows from 1800-01-01, `count` of them. */
function generatedCsv(count: number): string {
  const lines = ['Date,Open,High,Low,Close,Volume'];
  const start = Date.UTC(1800, 0, 1);
  for (let index = 0; index < count; index++) {
    const date = new Date(start + index * 86_400_000).toISOString().slice(0, 10);
    lines.push(`${date},10.5,11.25,9.75,10.125,${1000 + index}`);
  }
  return `${lines.join('\n')}\n`;
}

describe('dataImportTask', () => {
  it('imports the four sample files', async () => {
    const context = fakeContext();
    const outcome = await dataImportTask({ paths: SAMPLES.map(file) }, context);
    expect(outcome.status).toBe('succeeded');
    expect(outcome.error).toBeUndefined();
    const result = resultOf(outcome);
    expect(result.rowsImported).toBe(2148 + 5036 + 4012 + 4713);
    expect(result.files.map((entry) => [entry.symbol, entry.status, entry.rows, entry.replacedRows])).toEqual([
      ['GOOG', 'imported', 2148, 0],
      ['ORCL', 'imported', 5036, 0],
      ['NVDA', 'imported', 4012, 0],
      ['YHOO', 'imported', 4713, 0],
    ]);
    const summaries = withMarket(listSymbols).map(({ symbol, firstDate, lastDate, rows, source }) => ({ symbol, firstDate, lastDate, rows, source }));
    expect(summaries).toEqual([
      { symbol: 'GOOG', firstDate: '2004-08-19', lastDate: '2013-03-01', rows: 2148, source: 'csv:GOOG.csv' },
      { symbol: 'NVDA', firstDate: '1999-01-22', lastDate: '2014-12-31', rows: 4012, source: 'csv:NVDA.csv' },
      { symbol: 'ORCL', firstDate: '1995-01-03', lastDate: '2014-12-31', rows: 5036, source: 'csv:ORCL.csv' },
      { symbol: 'YHOO', firstDate: '1996-04-12', lastDate: '2014-12-31', rows: 4713, source: 'csv:YHOO.csv' },
    ]);
    expect(barCount('GOOG')).toBe(2148);

    expect(context.phases).toEqual(['preparing', 'running']);
    expect(context.units.map((entry) => entry.unit)).toEqual(SAMPLES.map(file));
    expect(context.units[0]?.outcome).toEqual(result.files[0]);
    expect(context.fractions.every((fraction, index) => index === 0 || fraction >= (context.fractions[index - 1] ?? 0))).toBe(true);
    expect(context.fractions.at(-1)).toBeCloseTo(1, 5);
    expect(context.messages).toContain('ORCL.csv: 5,036 / 5,036 rows');
    expect(context.warnings).toEqual([]);
  });

  it('is idempotent: importing the same files again leaves the same data', async () => {
    await dataImportTask({ paths: SAMPLES.map(file) }, fakeContext());
    const context = fakeContext();
    const outcome = await dataImportTask({ paths: SAMPLES.map(file) }, context);
    expect(outcome.status).toBe('succeeded');
    expect(resultOf(outcome).files.map((entry) => entry.replacedRows)).toEqual([2148, 5036, 4012, 4713]);
    expect(context.warnings).toEqual([]);
    expect(withMarket(listSymbols).map((summary) => summary.rows)).toEqual([2148, 4012, 5036, 4713]);
    expect(barCount('NVDA')).toBe(4012);
  });

  it('counts the bars a re-import replaced and those it added', async () => {
    await dataImportTask({ paths: [file('GOOG.csv')] }, fakeContext());
    const [header = '', ...lines] = fs.readFileSync(file('GOOG.csv'), 'utf8').trim().split('\n');
    const doubled = (line: string) => line.replace(/^([^,]+),(.*)$/, (_, date: string, values: string) => {
      const [open, high, low, close, volume] = values.split(',').map(Number);
      return [date, open! * 2, high! * 2, low! * 2, close! * 2, volume].join(',');
    });
    // The last 100 stored dates with doubled prices and 3 new dates, newest first.
    const overlapping = lines.slice(-100).map(doubled);
    const added = ['2013-03-04,800,810,790,805,2000000', '2013-03-05,805,815,800,810,2000000', '2013-03-06,810,820,805,815,2000000'];
    fs.mkdirSync(file('again'));
    fs.writeFileSync(file('again/GOOG.csv'), `${header}\n${[...overlapping, ...added].reverse().join('\n')}\n`);

    const context = fakeContext();
    const outcome = await dataImportTask({ paths: [file('again/GOOG.csv')] }, context);
    expect(resultOf(outcome).files[0]).toMatchObject({ status: 'imported', rows: 103, replacedRows: 100 });
    expect(barCount('GOOG')).toBe(2148 + 3);
    expect(withMarket(listSymbols)[0]?.rows).toBe(2148 + 3);
    expect(context.units[0]?.outcome).toEqual(resultOf(outcome).files[0]);
    expect(withMarket((db) => loadBars(db, 'GOOG', { from: '2013-03-01' }).close)).toEqual(
      Float64Array.from([806.19 * 2, 805, 810, 815]),
    );
  });

  it('reports a bad file among good ones as partial, with its reason and none of its rows', async () => {
    const lines = fs.readFileSync(file('YHOO.csv'), 'utf8').split('\n');
    lines[3000] = lines[3000]?.replace(/^([^,]+),([^,]+),/, '$1,-1,') ?? '';
    fs.writeFileSync(file('BAD.csv'), lines.join('\n'));
    const context = fakeContext();
    const outcome = await dataImportTask({ paths: [file('GOOG.csv'), file('BAD.csv'), file('ORCL.csv')] }, context);
    expect(outcome.status).toBe('partial');
    const bad = resultOf(outcome).files[1];
    expect(bad).toMatchObject({ symbol: 'BAD', status: 'failed', rows: 0, firstDate: null, lastDate: null });
    expect(bad?.error).toBe('BAD.csv line 3001: Open is negative (-1)');
    expect(outcome.error).toBeUndefined();
    // The reason is the file's, in the result: not repeated as a warning.
    expect(context.warnings).toEqual([]);
    expect(resultOf(outcome).rowsImported).toBe(2148 + 5036);
    expect(barCount('BAD')).toBe(0);
    expect(withMarket(listSymbols).map((summary) => summary.symbol)).toEqual(['GOOG', 'ORCL']);
    // Every file's outcome is reported as it settles, a failure with its reason.
    expect(context.units.map((entry) => [entry.unit, entry.error])).toEqual([
      [file('GOOG.csv'), undefined],
      [file('BAD.csv'), 'BAD.csv line 3001: Open is negative (-1)'],
      [file('ORCL.csv'), undefined],
    ]);
    expect(context.units[1]?.outcome).toEqual(bad);
  });

  it('takes the symbol from a file named after it, .csv only', async () => {
    fs.copyFileSync(file('GOOG.csv'), file('^gspc.csv'));
    fs.copyFileSync(file('ORCL.csv'), file('ORCL.txt'));
    const outcome = await dataImportTask({ paths: [file('^gspc.csv'), file('ORCL.txt')] }, fakeContext());
    expect(resultOf(outcome).files.map((entry) => [entry.symbol, entry.status, entry.error])).toEqual([
      ['^GSPC', 'imported', undefined],
      ['ORCL.txt', 'failed', SYMBOL_FILE_NAME_RULE],
    ]);
    expect(withMarket(listSymbols).map((summary) => summary.symbol)).toEqual(['^GSPC']);
  });

  it('refuses a file of zero prices, which no backtest could use', async () => {
    fs.writeFileSync(file('ZERO.csv'), 'Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,0,0,0,0,100\n');
    const outcome = await dataImportTask({ paths: [file('ZERO.csv')] }, fakeContext());
    expect(outcome.status).toBe('failed');
    expect(resultOf(outcome).files[0]?.error).toBe('ZERO.csv line 3: Open is 0; prices must be above 0');
    expect(barCount('ZERO')).toBe(0);
  });

  it('imports bars outside their Low–High range with one warning per file', async () => {
    const rows = ['2020-01-02,10,11,9,50,100', '2020-01-03,10,11,9,10,100', '2020-01-06,8,11,9,10,100'];
    fs.writeFileSync(file('GLITCH.csv'), `Date,Open,High,Low,Close,Volume\n${rows.join('\n')}\n`);
    const context = fakeContext();
    const outcome = await dataImportTask({ paths: [file('GLITCH.csv'), file('GOOG.csv')] }, context);
    expect(outcome.status).toBe('succeeded');
    expect(barCount('GLITCH')).toBe(3);
    expect(context.warnings).toEqual([
      'GLITCH.csv: 2 bars have their Open or Close outside the Low–High range (first on line 2); imported as they are',
    ]);
  });

  it('is partial while any file imports, however many fail, and fails when none does', async () => {
    fs.writeFileSync(file('EMPTY.csv'), '');
    fs.writeFileSync(file('HEADER.csv'), 'Date,Open,High,Low,Close,Volume\n');
    fs.mkdirSync(file('DIR.csv'));
    const paths = [file('GOOG.csv'), file('MISSING.csv'), file('EMPTY.csv'), file('HEADER.csv'), file('DIR.csv'), file('bad name!.csv')];
    fs.copyFileSync(file('GOOG.csv'), file('bad name!.csv'));
    const context = fakeContext();
    const outcome = await dataImportTask({ paths }, context);
    expect(outcome.status).toBe('partial');
    expect(outcome.error).toBeUndefined();
    const errors = resultOf(outcome).files.map((entry) => entry.error);
    expect(errors).toEqual([
      undefined,
      'File not found',
      'The file is empty',
      'HEADER.csv has a header but no data rows',
      'Not a file',
      SYMBOL_FILE_NAME_RULE,
    ]);
    expect(barCount('GOOG')).toBe(2148);
    expect(context.warnings).toEqual([]);
    // Each as it settles: those refused while preparing first, HEADER.csv once its rows were read.
    expect(context.units.filter((entry) => entry.error !== undefined).map((entry) => entry.unit).sort()).toEqual(paths.slice(1).sort());

    const allFailed = await dataImportTask({ paths: paths.slice(1) }, fakeContext());
    expect(allFailed).toMatchObject({ status: 'failed', error: 'All 5 files failed' });
    const oneFailed = await dataImportTask({ paths: [file('MISSING.csv')] }, fakeContext());
    expect(oneFailed).toMatchObject({ status: 'failed', error: 'MISSING.csv could not be imported' });
  });

  it('imports a path listed twice once, and refuses two files for one symbol', async () => {
    fs.mkdirSync(file('other'));
    fs.copyFileSync(file('GOOG.csv'), file('other/goog.csv'));
    const outcome = await dataImportTask({ paths: [file('GOOG.csv'), file('GOOG.csv'), file('other/goog.csv')] }, fakeContext());
    expect(resultOf(outcome).files.map((entry) => [entry.status, entry.error])).toEqual([
      ['imported', undefined],
      ['skipped', 'Listed more than once in this import'],
      ['failed', `Symbol GOOG is already imported from ${file('GOOG.csv')} in this import`],
    ]);
    expect(outcome.status).toBe('partial');
  });

  it('rolls back a file cancelled mid-write and keeps the files committed before it', async () => {
    fs.writeFileSync(file('BIG.csv'), generatedCsv(60_000));
    let writeCheckpoints = 0;
    const context = fakeContext({
      cancelWhen: (current) => {
        if (/^BIG\.csv: [\d,]+ \/ 60,000 rows$/.test(current.messages.at(-1) ?? '')) writeCheckpoints += 1;
        return writeCheckpoints >= 5;
      },
    });
    await expect(dataImportTask({ paths: [file('GOOG.csv'), file('BIG.csv'), file('ORCL.csv')] }, context)).rejects.toBeInstanceOf(
      CancelledError,
    );
    expect(context.messages.at(-1)).toBe('BIG.csv: 10,240 / 60,000 rows');
    expect(barCount('BIG')).toBe(0);
    expect(barCount('GOOG')).toBe(2148);
    expect(barCount('ORCL')).toBe(0);
    expect(withMarket(listSymbols).map((summary) => summary.symbol)).toEqual(['GOOG']);
    expect(context.units.map((entry) => entry.unit)).toEqual([file('GOOG.csv')]);
    // No transaction was left open: another writer gets the lock at once.
    const writer = openMarketStore(marketDbPath);
    writer.pragma('busy_timeout = 0');
    expect(() => writer.exec('BEGIN IMMEDIATE; ROLLBACK')).not.toThrow();
    writer.close();
  });

  it('skips files an earlier run completed, reusing their outcome', async () => {
    const earlier: ImportFileResult = {
      path: file('GOOG.csv'),
      symbol: 'GOOG',
      status: 'imported',
      rows: 2148,
      firstDate: '2004-08-19',
      lastDate: '2013-03-01',
    };
    const context = fakeContext({ completedUnits: { [file('GOOG.csv')]: earlier } });
    const outcome = await dataImportTask({ paths: [file('GOOG.csv'), file('NVDA.csv')] }, context);
    expect(outcome.status).toBe('succeeded');
    expect(resultOf(outcome).files[0]).toEqual(earlier);
    expect(resultOf(outcome).rowsImported).toBe(2148 + 4012);
    expect(barCount('GOOG')).toBe(0);
    expect(barCount('NVDA')).toBe(4012);
    // The earlier run's file is reported again, so the job's record lists it whatever happens next.
    expect(context.units.map((entry) => entry.unit)).toEqual([file('GOOG.csv'), file('NVDA.csv')]);
  });

  it('waits for another writer without blocking the event loop, and can be cancelled meanwhile', async () => {
    const other = openMarketStore(marketDbPath);
    other.exec('BEGIN IMMEDIATE');
    let ticks = 0;
    const ticker = setInterval(() => (ticks += 1), 5);
    try {
      const context = fakeContext();
      const isWaiting = lockWaitNotice(context, 'GOOG.csv');
      const waiting = dataImportTask({ paths: [file('GOOG.csv')] }, context);
      // The import says so after half a second of retrying; the ticker kept firing meanwhile.
      await isWaiting;
      expect(ticks).toBeGreaterThan(10);
      other.exec('COMMIT');
      expect((await waiting).status).toBe('succeeded');
      expect(barCount('GOOG')).toBe(2148);

      other.exec('BEGIN IMMEDIATE');
      const cancelled = dataImportTask(
        { paths: [file('ORCL.csv')] },
        fakeContext({ cancelWhen: ({ messages }) => messages.includes(lockWaitMessage('ORCL.csv')) }),
      );
      await expect(cancelled).rejects.toBeInstanceOf(CancelledError);
      other.exec('COMMIT');
      expect(barCount('ORCL')).toBe(0);
    } finally {
      clearInterval(ticker);
      if (other.inTransaction) other.exec('ROLLBACK');
      other.close();
    }
  });
});
