import type { Migration } from './migrate';

/**
 * Keeps what the engine warned about for each symbol of a run (orders refused for want of
 * cash, trades left open…), so a run's page shows them: a JSON array of strings, NULL when
 * there were none (most runs), so rows without warnings cost nothing.
 */
export const migration0050BacktestSymbolWarnings = {
  version: 50,
  name: 'backtest symbol warnings',
  up(db) {
    db.exec('ALTER TABLE backtest_symbols ADD COLUMN warnings TEXT');
  },
} satisfies Migration;
