import { NUMERIC_STAT_KEYS } from '../../../shared/backtest';
import type { Migration } from './migrate';

/** `sharpeRatio` → `sharpe_ratio`: the stat columns of `backtests`. */
export function statColumn(key: string): string {
  return key.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

/** Stats the Backtests page sorts by most: each has an index over runs that are not sweep cells. */
export const INDEXED_STAT_KEYS = ['returnPct', 'sharpeRatio', 'maxDrawdownPct', 'tradeCount', 'cagrPct', 'winRatePct'] as const;

/**
 * Backtest results: one `backtests` row per run (a sweep cell is a run too), its combined
 * statistics as columns so a listing can sort and filter by any of them; per-symbol
 * results with their curves as typed-array blobs; one row per trade; sweeps and their cells.
 *
 * Every stat is a REAL column (NULL where undefined) so sorting by any of them needs no
 * JSON; the common ones are indexed. Blobs are little-endian Float64 (equity, drawdown,
 * buy-and-hold) and Int32 day numbers since 1970-01-01 (dates).
 */
export const migration0020Backtests = {
  version: 20,
  name: 'backtests',
  up(db) {
    const statColumns = NUMERIC_STAT_KEYS.map((key) => `${statColumn(key)} REAL`).join(',\n        ');
    // Partial: the Backtests list leaves sweep cells out unless asked, and then walks these.
    const statIndexes = INDEXED_STAT_KEYS.map(
      (key) => `CREATE INDEX runs_by_${statColumn(key)} ON backtests (${statColumn(key)}) WHERE sweep_id IS NULL;`,
    ).join('\n      ');
    db.exec(`
      CREATE TABLE sweeps (
        id TEXT PRIMARY KEY NOT NULL,
        job_id TEXT NOT NULL,
        strategy TEXT NOT NULL,
        symbols TEXT NOT NULL,
        config TEXT NOT NULL,
        grid TEXT NOT NULL,
        constraint_text TEXT,
        maximize TEXT NOT NULL,
        cell_count INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('running', 'succeeded', 'partial', 'failed', 'cancelled')),
        best_backtest_id TEXT,
        best_metric REAL,
        created_at TEXT NOT NULL,
        finished_at TEXT
      );
      CREATE INDEX sweeps_by_created ON sweeps (created_at);

      CREATE TABLE backtests (
        id TEXT PRIMARY KEY NOT NULL,
        job_id TEXT NOT NULL,
        sweep_id TEXT REFERENCES sweeps (id) ON DELETE CASCADE,
        name TEXT,
        strategy TEXT NOT NULL,
        params TEXT NOT NULL,
        symbols TEXT NOT NULL,
        -- ',GOOG,NVDA,': filters by symbol with LIKE '%,GOOG,%'.
        symbol_list TEXT NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('succeeded', 'partial', 'failed')),
        config TEXT NOT NULL,
        engine_version TEXT NOT NULL,
        data_hash TEXT NOT NULL,
        notes TEXT NOT NULL DEFAULT '',
        stat_start TEXT,
        stat_end TEXT,
        ${statColumns},
        created_at TEXT NOT NULL
      );
      CREATE INDEX backtests_by_created ON backtests (created_at);
      CREATE INDEX runs_by_created ON backtests (created_at) WHERE sweep_id IS NULL;
      CREATE INDEX backtests_by_sweep ON backtests (sweep_id) WHERE sweep_id IS NOT NULL;
      ${statIndexes}

      CREATE TABLE backtest_symbols (
        backtest_id TEXT NOT NULL REFERENCES backtests (id) ON DELETE CASCADE,
        -- '*' is the combined account of a run over several symbols.
        symbol TEXT NOT NULL,
        position INTEGER NOT NULL,
        status TEXT NOT NULL CHECK (status IN ('succeeded', 'failed')),
        error TEXT,
        stats TEXT,
        bars INTEGER NOT NULL,
        trade_count INTEGER NOT NULL,
        dates BLOB,
        equity BLOB,
        drawdown BLOB,
        buy_and_hold BLOB,
        PRIMARY KEY (backtest_id, symbol)
      ) WITHOUT ROWID;

      CREATE TABLE trades (
        backtest_id TEXT NOT NULL REFERENCES backtests (id) ON DELETE CASCADE,
        symbol TEXT NOT NULL,
        seq INTEGER NOT NULL,
        size REAL NOT NULL,
        entry_bar INTEGER NOT NULL,
        exit_bar INTEGER NOT NULL,
        entry_time TEXT NOT NULL,
        exit_time TEXT NOT NULL,
        entry_price REAL NOT NULL,
        exit_price REAL NOT NULL,
        pnl REAL NOT NULL,
        return_pct REAL NOT NULL,
        duration_days REAL NOT NULL,
        commission REAL NOT NULL,
        PRIMARY KEY (backtest_id, symbol, seq)
      ) WITHOUT ROWID;

      CREATE TABLE sweep_cells (
        sweep_id TEXT NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
        cell_key TEXT NOT NULL,
        params TEXT NOT NULL,
        -- Deleting a cell's backtest removes the cell.
        backtest_id TEXT REFERENCES backtests (id) ON DELETE CASCADE,
        status TEXT NOT NULL CHECK (status IN ('succeeded', 'partial', 'failed')),
        metric REAL,
        error TEXT,
        finished_at TEXT NOT NULL,
        PRIMARY KEY (sweep_id, cell_key)
      ) WITHOUT ROWID;
      CREATE INDEX sweep_cells_by_backtest ON sweep_cells (backtest_id);
      CREATE INDEX sweep_cells_by_metric ON sweep_cells (sweep_id, metric);
    `);
  },
} satisfies Migration;
