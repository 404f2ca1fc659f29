import type { SymbolCoverage } from '../../../shared/contract';
import { statementCache } from '../sqlite';
import type { MarketDb } from './connection';

/** One daily bar. `date` is 'YYYY-MM-DD'. */
export interface BarRow {
  date: string;
  open: number;
  high: number;
  low: number;
  close: number;
  adjClose: number | null;
  volume: number;
}

/** Bars column by column (what backtests iterate over, and what imports write). */
export interface BarSeries {
  dates: string[];
  open: Float64Array;
  high: Float64Array;
  low: Float64Array;
  close: Float64Array;
  /** NaN where the source had no adjusted close. */
  adjClose: Float64Array;
  volume: Float64Array;
}

export interface BarRange {
  /** First date included, 'YYYY-MM-DD'. */
  from?: string;
  /** Last date included, 'YYYY-MM-DD'. */
  to?: string;
}

interface SymbolRow {
  symbol: string;
  first_date: string;
  last_date: string;
  rows: number;
  source: string;
  updated_at: string;
}

type RawBar = [string, number, number, number, number, number | null, number];

const EARLIEST = '0000-01-01';
const LATEST = '9999-12-31';
/** Rows per multi-row upsert: one native call binds many rows, which is most of the gain. */
const UPSERT_BATCH_ROWS = 64;
const BAR_FIELDS = 8;

const statements = statementCache((db: MarketDb) => {
  const upsertOne = db.prepare(upsertSql(1));
  const upsertBatch = db.prepare(upsertSql(UPSERT_BATCH_ROWS));
  const batchValues = new Array<unknown>(UPSERT_BATCH_ROWS * BAR_FIELDS);
  const upsert = (symbol: string, series: BarSeries, start: number, end: number): void => {
    const { dates, open, high, low, close, adjClose, volume } = series;
    let index = start;
    for (; index + UPSERT_BATCH_ROWS <= end; index += UPSERT_BATCH_ROWS) {
      for (let offset = 0; offset < UPSERT_BATCH_ROWS; offset += 1) {
        const row = index + offset;
        const at = offset * BAR_FIELDS;
        batchValues[at] = symbol;
        batchValues[at + 1] = dates[row];
        batchValues[at + 2] = open[row];
        batchValues[at + 3] = high[row];
        batchValues[at + 4] = low[row];
        batchValues[at + 5] = close[row];
        batchValues[at + 6] = nullIfNaN(adjClose[row]);
        batchValues[at + 7] = volume[row];
      }
      // Spread, not an array: better-sqlite3 reads call arguments far faster than array elements.
      upsertBatch.run(...batchValues);
    }
    for (; index < end; index += 1) {
      upsertOne.run(symbol, dates[index], open[index], high[index], low[index], close[index], nullIfNaN(adjClose[index]), volume[index]);
    }
  };
  const countRange = db
    .prepare<[string, string, string], number>('SELECT count(*) FROM bars WHERE symbol = ? AND date BETWEEN ? AND ?')
    .pluck();
  const coverage = db.prepare<[string], { first_date: string; last_date: string }>(
    'SELECT first_date, last_date FROM symbols WHERE symbol = ?',
  );
  const addToSummary = db.prepare<[string, string, string, number, string, string]>(
    `INSERT INTO symbols (symbol, first_date, last_date, rows, source, updated_at) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (symbol) DO UPDATE SET first_date = min(first_date, excluded.first_date),
       last_date = max(last_date, excluded.last_date), rows = rows + excluded.rows,
       source = excluded.source, updated_at = excluded.updated_at`,
  );
  // Rows added = growth of the written date range, so the summary costs O(rows written),
  // not O(symbol); rows in order outside the stored range (a first import, an append)
  // are all new and need no counting.
  const upsertWithSummary = db.transaction(
    (symbol: string, series: BarSeries, start: number, end: number, source: string): number => {
      const { dates } = series;
      let first = dates[start] ?? '';
      let last = first;
      let isStrictlyAscending = true;
      for (let index = start + 1; index < end; index += 1) {
        const date = dates[index] ?? '';
        if (date > last) {
          last = date;
        } else {
          isStrictlyAscending = false;
          if (date < first) first = date;
        }
      }
      const stored = coverage.get(symbol);
      const isOutsideStored = stored === undefined || last < stored.first_date || first > stored.last_date;
      let added = end - start;
      if (isStrictlyAscending && isOutsideStored) {
        upsert(symbol, series, start, end);
      } else {
        const before = countRange.get(symbol, first, last) ?? 0;
        upsert(symbol, series, start, end);
        added = (countRange.get(symbol, first, last) ?? 0) - before;
      }
      addToSummary.run(symbol, first, last, added, source, new Date().toISOString());
      return added;
    },
  );
  const loadRange = db
    .prepare<[string, string, string], RawBar>(
      `SELECT date, open, high, low, close, adj_close, volume FROM bars
       WHERE symbol = ? AND date BETWEEN ? AND ? ORDER BY date`,
    )
    .raw();
  // One read transaction, so a commit between counting and reading cannot change the count.
  const loadSeries = db.transaction((symbol: string, from: string, to: string): BarSeries => {
    const series = emptySeries(countRange.get(symbol, from, to) ?? 0);
    let index = 0;
    for (const [date, open, high, low, close, adjClose, volume] of loadRange.iterate(symbol, from, to)) {
      series.dates[index] = date;
      series.open[index] = open;
      series.high[index] = high;
      series.low[index] = low;
      series.close[index] = close;
      series.adjClose[index] = adjClose ?? Number.NaN;
      series.volume[index] = volume;
      index += 1;
    }
    return series;
  });
  return {
    upsertWithSummary,
    loadSeries,
    summarize: db.prepare<[string], { first_date: string | null; last_date: string | null; rows: number }>(
      'SELECT min(date) AS first_date, max(date) AS last_date, count(*) AS rows FROM bars WHERE symbol = ?',
    ),
    replaceSummary: db.prepare<[string, string, string, number, string, string]>(
      `INSERT INTO symbols (symbol, first_date, last_date, rows, source, updated_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (symbol) DO UPDATE SET first_date = excluded.first_date, last_date = excluded.last_date,
         rows = excluded.rows, source = excluded.source, updated_at = excluded.updated_at`,
    ),
    deleteSummary: db.prepare<[string]>('DELETE FROM symbols WHERE symbol = ?'),
    deleteBars: db.prepare<[string, string, number]>(
      'DELETE FROM bars WHERE symbol = ? AND date IN (SELECT date FROM bars WHERE symbol = ? LIMIT ?)',
    ),
    listSymbols: db.prepare<[], SymbolRow>(
      'SELECT symbol, first_date, last_date, rows, source, updated_at FROM symbols ORDER BY symbol',
    ),
  };
});

/**
 * Inserts or replaces a symbol's bars by date and updates its `symbols` summary in
 * the same transaction (a savepoint when the caller already holds one, so a chunked
 * import stays one transaction). Returns how many of the rows were new dates.
 */
export function upsertBars(db: MarketDb, symbol: string, rows: readonly BarRow[], source: string): number {
  return upsertBarSeries(db, symbol, seriesFromRows(rows), source);
}

/** `upsertBars` for rows `start` to `end` (exclusive) of a series, without building row objects. */
export function upsertBarSeries(
  db: MarketDb,
  symbol: string,
  series: BarSeries,
  source: string,
  start = 0,
  end = series.dates.length,
): number {
  if (end <= start) return 0;
  return statements(db).upsertWithSummary(symbol, series, start, end, source);
}

/** Recomputes a symbol's summary from its bars (removing it when none are left). */
export function refreshSymbolSummary(db: MarketDb, symbol: string, source: string): void {
  const statement = statements(db);
  const summary = statement.summarize.get(symbol);
  if (summary === undefined || summary.rows === 0 || summary.first_date === null || summary.last_date === null) {
    statement.deleteSummary.run(symbol);
    return;
  }
  statement.replaceSummary.run(symbol, summary.first_date, summary.last_date, summary.rows, source, new Date().toISOString());
}

/**
 * Deletes at most `limit` of a symbol's bars and answers how many, so a large delete can
 * yield between chunks inside the caller's transaction. Its summary is the caller's to remove.
 */
export function deleteBarsChunk(db: MarketDb, symbol: string, limit: number): number {
  return statements(db).deleteBars.run(symbol, symbol, limit).changes;
}

/** Removes a symbol from the `symbols` summary (once its bars are deleted). */
export function removeSymbolSummary(db: MarketDb, symbol: string): void {
  statements(db).deleteSummary.run(symbol);
}

/** Every stored symbol with its date coverage, by symbol. Reads the summary only. */
export function listSymbols(db: MarketDb): SymbolCoverage[] {
  return statements(db)
    .listSymbols.all()
    .map((row) => ({
      symbol: row.symbol,
      firstDate: row.first_date,
      lastDate: row.last_date,
      rows: row.rows,
      source: row.source,
      updatedAt: row.updated_at,
    }));
}

/** A symbol's bars between `from` and `to` (both included), oldest first; empty when none. */
export function loadBars(db: MarketDb, symbol: string, range: BarRange = {}): BarSeries {
  return statements(db).loadSeries(symbol, range.from ?? EARLIEST, range.to ?? LATEST);
}

/** A series with room for `length` bars. */
export function emptySeries(length: number): BarSeries {
  return {
    dates: new Array<string>(length),
    open: new Float64Array(length),
    high: new Float64Array(length),
    low: new Float64Array(length),
    close: new Float64Array(length),
    adjClose: new Float64Array(length),
    volume: new Float64Array(length),
  };
}

/** The same bars as columns. */
export function seriesFromRows(rows: readonly BarRow[]): BarSeries {
  const series = emptySeries(rows.length);
  rows.forEach((row, index) => {
    series.dates[index] = row.date;
    series.open[index] = row.open;
    series.high[index] = row.high;
    series.low[index] = row.low;
    series.close[index] = row.close;
    series.adjClose[index] = row.adjClose ?? Number.NaN;
    series.volume[index] = row.volume;
  });
  return series;
}

/** The same bars as row objects. */
export function rowsFromSeries(series: BarSeries): BarRow[] {
  return series.dates.map((date, index) => ({
    date,
    open: series.open[index] ?? Number.NaN,
    high: series.high[index] ?? Number.NaN,
    low: series.low[index] ?? Number.NaN,
    close: series.close[index] ?? Number.NaN,
    adjClose: Number.isNaN(series.adjClose[index]) ? null : (series.adjClose[index] ?? null),
    volume: series.volume[index] ?? Number.NaN,
  }));
}

function upsertSql(rowCount: number): string {
  const values = Array.from({ length: rowCount }, () => '(?, ?, ?, ?, ?, ?, ?, ?)').join(', ');
  return `INSERT INTO bars (symbol, date, open, high, low, close, adj_close, volume) VALUES ${values}
    ON CONFLICT (symbol, date) DO UPDATE SET open = excluded.open, high = excluded.high, low = excluded.low,
      close = excluded.close, adj_close = excluded.adj_close, volume = excluded.volume`;
}

function nullIfNaN(value: number | undefined): number | null {
  return value === undefined || Number.isNaN(value) ? null : value;
}
