import { useVirtualizer } from '@tanstack/react-virtual';
import { useRef } from 'react';
import type { Trade } from '../../../../shared/backtest';
import { formatCount } from '../../format/format';
import { formatNumber } from './stats';

export type SymbolTrade = Trade & { symbol: string };

const ROW_HEIGHT = 34;

/** Closed trades, virtualized: a run may hold thousands. */
export function TradesTable({ trades, showSymbol, isLoading }: { trades: readonly SymbolTrade[] | null; showSymbol: boolean; isLoading: boolean }) {
  const scroller = useRef<HTMLDivElement>(null);
  const rows = trades ?? [];
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const className = `trades-row${showSymbol ? ' trades-row--symbol' : ''}`;
  return (
    <section className="panel trades-panel" data-testid="trades-table">
      <header className="chart-panel__head">
        <h2>Trades</h2>
        <span className="muted chart-panel__note">{trades ? `${formatCount(trades.length)} ${trades.length === 1 ? 'trade' : 'trades'}` : ''}</span>
      </header>
      {/* Header and rows scroll sideways together when the panel is narrower than the columns. */}
      <div ref={scroller} className="trades-panel__scroller">
        <div className={`trades-panel__content${showSymbol ? ' trades-panel__content--symbol' : ''}`}>
          <div className={`${className} trades-row--head`} role="row">
            {showSymbol && <span>Symbol</span>}
            <span>Side</span>
            <span className="numeric">Size</span>
            <span>Entered</span>
            <span>Exited</span>
            <span className="numeric">Entry</span>
            <span className="numeric">Exit</span>
            <span className="numeric">PnL</span>
            <span className="numeric">Return</span>
            <span className="numeric">Days</span>
          </div>
          {rows.length === 0 ? (
            <p className="trades-panel__empty muted">{isLoading || !trades ? 'Loading trades…' : 'No closed trades in this run.'}</p>
          ) : (
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {virtualizer.getVirtualItems().map((item) => {
                const trade = rows[item.index]!;
                const tone = trade.pnl > 0 ? 'tone-gain' : trade.pnl < 0 ? 'tone-loss' : '';
                return (
                  <div key={item.key} className={className} role="row" data-testid="trade-row" style={{ position: 'absolute', top: 0, left: 0, right: 0, height: item.size, transform: `translateY(${item.start}px)` }}>
                    {showSymbol && <span className="bt-row__name">{trade.symbol}</span>}
                    <span className={trade.size < 0 ? 'side side--short' : 'side side--long'}>{trade.size < 0 ? 'Short' : 'Long'}</span>
                    <span className="numeric">{formatCount(Math.abs(trade.size))}</span>
                    <span className="tabular">{trade.entryTime.slice(0, 10)}</span>
                    <span className="tabular">{trade.exitTime.slice(0, 10)}</span>
                    <span className="numeric">{formatNumber(trade.entryPrice)}</span>
                    <span className="numeric">{formatNumber(trade.exitPrice)}</span>
                    <span className={`numeric ${tone}`}>{formatNumber(trade.pnl)}</span>
                    <span className={`numeric ${tone}`}>{formatNumber(trade.returnPct * 100)} %</span>
                    <span className="numeric">{formatCount(Math.round(trade.durationDays))}</span>
                  </div>
                );
              })}
            </div>
          )}
        </div>
      </div>
    </section>
  );
}
