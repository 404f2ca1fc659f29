import type { DataDeleteParams, DataDeleteResult } from '../../shared/kinds';
import { deleteBarsChunk, listSymbols, removeSymbolSummary } from '../../main/store/market/bars';
import { openMarketStore, type MarketDb } from '../../main/store/market/connection';
import type { Task, TaskContext } from '../task';
import { beginWriteTransaction } from './data-import-write';

/** Bars deleted between checkpoints (~5 ms), so deleting millions of rows can be cancelled. */
const DELETE_CHUNK_ROWS = 2048;

/**
 * `data/delete`: deletes the symbols' bars and their `symbols` summary rows in one write
 * transaction, taken like an import's (without blocking, behind any import under way):
 * an import of the same symbol commits wholly before it or after it, never in between.
 * A cancel rolls it all back. Stored backtests are not touched.
 */
export const dataDeleteTask: Task<DataDeleteParams> = async (params, context) => {
  context.setPhase('running');
  const db = openMarketStore(context.run.marketDbPath);
  try {
    await beginWriteTransaction(db, context, () => context.progress(0, 'Waiting for an import to finish'));
    try {
      const result = await deleteSymbols(db, params.symbols, context);
      db.exec('COMMIT');
      for (const { symbol, rowsDeleted } of result.symbols) context.log.info(`Deleted ${rowsDeleted} rows of ${symbol}`);
      return { status: 'succeeded', result };
    } finally {
      if (db.inTransaction) db.exec('ROLLBACK');
    }
  } finally {
    db.close();
  }
};

async function deleteSymbols(db: MarketDb, symbols: readonly string[], context: TaskContext): Promise<DataDeleteResult> {
  // Read inside the transaction: what is stored now, not when the job was submitted.
  const storedRows = new Map(listSymbols(db).map((coverage) => [coverage.symbol, coverage.rows]));
  const totalRows = Math.max(1, symbols.reduce((sum, symbol) => sum + (storedRows.get(symbol) ?? 0), 0));
  const deleted: DataDeleteResult['symbols'] = [];
  let doneRows = 0;
  for (const symbol of symbols) {
    if (!storedRows.has(symbol)) context.warn(`${symbol} had no prices left to delete`);
    let rowsDeleted = 0;
    for (let chunk = deleteBarsChunk(db, symbol, DELETE_CHUNK_ROWS); chunk > 0; chunk = deleteBarsChunk(db, symbol, DELETE_CHUNK_ROWS)) {
      rowsDeleted += chunk;
      doneRows += chunk;
      context.progress(Math.min(1, doneRows / totalRows), `Deleting ${symbol}: ${rowsDeleted.toLocaleString('en-US')} rows`);
      await context.checkpoint();
    }
    removeSymbolSummary(db, symbol);
    deleted.push({ symbol, rowsDeleted });
  }
  return { symbols: deleted, rowsDeleted: doneRows };
}
