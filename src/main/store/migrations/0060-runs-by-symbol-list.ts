import type { Migration } from './migrate';

/**
 * Indexes the symbol lists of runs that are not sweep cells, so the Backtests page can offer
 * every symbol of a stored run as a filter by reading this index alone (about a millisecond
 * for 10,000 runs, whatever the sweeps hold), never the rows. `sweep_id`, NULL in every entry,
 * is in the index because SQLite does not count a partial index's own WHERE as covering.
 */
export const migration0060RunsBySymbolList = {
  version: 60,
  name: 'runs by symbol list',
  up(db) {
    db.exec('CREATE INDEX runs_by_symbol_list ON backtests (symbol_list, sweep_id) WHERE sweep_id IS NULL');
  },
} satisfies Migration;
