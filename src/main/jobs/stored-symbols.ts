import { AppError } from '../../shared/errors';
import { listSymbols } from '../store/market/bars';
import type { MarketDb } from '../store/market/connection';
import { findUnknownSymbols } from '../store/market/symbol-check';

/** Refuses symbols never imported at submit, naming the stored ones, as `quantdesk backtest` does. */
export function checkSymbolsStored(market: MarketDb, symbols: readonly string[]): void {
  const unknown = findUnknownSymbols(symbols, listSymbols(market).map((coverage) => coverage.symbol));
  if (unknown) throw new AppError('invalid', unknown.message, { unknownSymbols: unknown.missing });
}
