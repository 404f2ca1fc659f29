import { useMemo } from 'react';
import type { SymbolCoverage } from '../../../../shared/contract';
import { formatCount, formatDateTime } from '../../format/format';
import { CoverageBar } from './coverage-bar';

function dayOf(date: string): number {
  return Date.parse(date);
}

/** Symbols with the dates and rows they cover. */
export function SymbolsTable({ symbols }: { symbols: readonly SymbolCoverage[] }) {
  const range = useMemo(
    () => ({
      start: Math.min(...symbols.map((symbol) => dayOf(symbol.firstDate))),
      end: Math.max(...symbols.map((symbol) => dayOf(symbol.lastDate))),
    }),
    [symbols],
  );
  return (
    <div className="panel symbols-panel">
      <table className="table symbols-table" data-testid="symbols-table">
        <thead>
          <tr>
            <th>Symbol</th>
            <th className="symbols-table__coverage">Coverage</th>
            <th>First date</th>
            <th>Last date</th>
            <th className="numeric">Rows</th>
            <th className="symbols-table__source-column">Source</th>
            <th>Updated</th>
          </tr>
        </thead>
        <tbody>
          {symbols.map((symbol) => (
            <tr key={symbol.symbol} data-testid="symbol-row" data-symbol={symbol.symbol}>
              <td className="symbols-table__symbol">{symbol.symbol}</td>
              <td className="symbols-table__coverage">
                <CoverageBar first={dayOf(symbol.firstDate)} last={dayOf(symbol.lastDate)} rangeStart={range.start} rangeEnd={range.end} />
              </td>
              <td className="tabular">{symbol.firstDate}</td>
              <td className="tabular">{symbol.lastDate}</td>
              <td className="numeric">{formatCount(symbol.rows)}</td>
              <td className="symbols-table__source-column">
                <span className="symbols-table__source" title={symbol.source}>
                  {symbol.source}
                </span>
              </td>
              <td className="tabular muted">{formatDateTime(symbol.updatedAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
