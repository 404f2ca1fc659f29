import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState } from 'react';
import { STRATEGY_NAMES, type BacktestSummary, type StrategyName } from '../../../../shared/backtest';
import { EmptyState } from '../../components/empty-state';
import { BacktestsIcon } from '../../components/icons';
import { StatusChip } from '../../components/status-chip';
import { formatCount, formatDateTime } from '../../format/format';
import { DEFAULT_BACKTEST_QUERY, useBacktestsStore, type BacktestQuery, type BacktestSortKey } from '../../stores/backtests-store';
import { useSymbolsStore } from '../../stores/symbols-store';
import { goTo } from './route';
import { formatNumber, formatSignedPct } from './stats';
import { SweepList } from './sweep-list';

const ROW_HEIGHT = 52;

interface Column {
  key: string;
  label: string;
  sortKey?: BacktestSortKey;
  isNumeric?: boolean;
}

const COLUMNS: readonly Column[] = [
  { key: 'status', label: 'Status' },
  { key: 'strategy', label: 'Strategy' },
  { key: 'symbols', label: 'Symbols' },
  { key: 'return', label: 'Return', sortKey: 'returnPct', isNumeric: true },
  { key: 'sharpe', label: 'Sharpe', sortKey: 'sharpeRatio', isNumeric: true },
  { key: 'drawdown', label: 'Max DD', sortKey: 'maxDrawdownPct', isNumeric: true },
  { key: 'trades', label: 'Trades', sortKey: 'tradeCount', isNumeric: true },
  { key: 'date', label: 'Created', sortKey: 'createdAt', isNumeric: true },
];

export function paramsText(params: Record<string, number>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join(' · ');
}

function toneClass(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value) || value === 0) return '';
  return value > 0 ? ' tone-gain' : ' tone-loss';
}

const BacktestRow = memo(function BacktestRow({ run, isSelected, onToggle }: { run: BacktestSummary; isSelected: boolean; onToggle(id: string): void }) {
  const stats = run.stats;
  return (
    <div
      className={`bt-row${isSelected ? ' bt-row--selected' : ''}`}
      role="row"
      data-testid="backtest-row"
      data-id={run.id}
      data-status={run.status}
      tabIndex={0}
      onClick={() => goTo({ view: 'run', id: run.id })}
      onKeyDown={(event) => {
        if (event.key === 'Enter') goTo({ view: 'run', id: run.id });
      }}
    >
      <label className="bt-row__check" onClick={(event) => event.stopPropagation()}>
        <input type="checkbox" checked={isSelected} aria-label={`Select run ${run.name ?? run.id} for comparison`} onChange={() => onToggle(run.id)} />
      </label>
      <span>
        <StatusChip status={run.status} />
      </span>
      <span className="bt-row__strategy">
        <span className="bt-row__name">{run.name ?? run.strategy}</span>
        <span className="bt-row__params mono" title={paramsText(run.params)}>
          {run.name ? `${run.strategy} ` : ''}
          {paramsText(run.params) || 'no params'}
        </span>
      </span>
      <span className="bt-row__symbols" title={run.symbols.join(', ')}>
        {run.symbols.slice(0, 4).map((symbol) => (
          <span key={symbol} className="symbol-tag">
            {symbol}
          </span>
        ))}
        {run.symbols.length > 4 && <span className="muted">+{run.symbols.length - 4}</span>}
      </span>
      <span className={`numeric${toneClass(stats?.returnPct)}`}>{formatSignedPct(stats?.returnPct)}</span>
      <span className={`numeric${toneClass(stats?.sharpeRatio)}`}>{formatNumber(stats?.sharpeRatio)}</span>
      <span className={`numeric${toneClass(stats?.maxDrawdownPct)}`}>{stats ? `${formatNumber(stats.maxDrawdownPct)} %` : '—'}</span>
      <span className="numeric">{stats ? formatCount(stats.tradeCount) : '—'}</span>
      <span className="numeric muted">{formatDateTime(run.createdAt)}</span>
    </div>
  );
});

function Filters({ query, onChange }: { query: BacktestQuery; onChange(query: BacktestQuery): void }) {
  const symbols = useSymbolsStore((state) => state.symbols);
  const [search, setSearch] = useState(query.search);
  // Typing settles before the host is asked.
  useEffect(() => {
    if (search === query.search) return;
    const timer = setTimeout(() => onChange({ ...query, search }), 250);
    return () => clearTimeout(timer);
  }, [search, query, onChange]);
  return (
    <>
      <input className="input bt-search" type="search" placeholder="Search name, notes, symbol…" aria-label="Search backtests" value={search} data-testid="backtests-search" onChange={(event) => setSearch(event.target.value)} />
      <label className="field-label">
        Strategy
        <select className="select" data-testid="backtests-strategy-filter" value={query.strategy ?? ''} onChange={(event) => onChange({ ...query, strategy: (event.target.value || null) as StrategyName | null })}>
          <option value="">All</option>
          {STRATEGY_NAMES.map((name) => (
            <option key={name} value={name}>
              {name}
            </option>
          ))}
        </select>
      </label>
      <label className="field-label">
        Symbol
        <select className="select" data-testid="backtests-symbol-filter" value={query.symbol ?? ''} onChange={(event) => onChange({ ...query, symbol: event.target.value || null })}>
          <option value="">All</option>
          {symbols.map((symbol) => (
            <option key={symbol.symbol} value={symbol.symbol}>
              {symbol.symbol}
            </option>
          ))}
        </select>
      </label>
      <label className="field-label">
        Status
        <select className="select" data-testid="backtests-status-filter" value={query.status ?? ''} onChange={(event) => onChange({ ...query, status: (event.target.value || null) as BacktestQuery['status'] })}>
          <option value="">All</option>
          <option value="succeeded">Succeeded</option>
          <option value="partial">Partial</option>
          <option value="failed">Failed</option>
        </select>
      </label>
    </>
  );
}

function RunsTable() {
  const { runs, query, total, nextOffset, isLoading, hasLoaded, selected, setQuery, sortBy, refresh, loadMore, toggleSelected } = useBacktestsStore();
  const scroller = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({ count: runs.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8 });
  const items = virtualizer.getVirtualItems();
  const lastIndex = items.at(-1)?.index ?? -1;
  const isFiltered = query.strategy !== null || query.symbol !== null || query.status !== null || query.search.trim() !== '';

  useEffect(() => {
    void refresh();
  }, [refresh]);

  // A new sort or filter starts at the top.
  useEffect(() => {
    if (scroller.current) scroller.current.scrollTop = 0;
  }, [query]);

  // Paged fetching: the next page is asked for as the end comes into view.
  useEffect(() => {
    if (lastIndex >= runs.length - 10 && nextOffset !== null && !isLoading) void loadMore();
  }, [lastIndex, runs.length, nextOffset, isLoading, loadMore]);

  return (
    <>
      <div className="toolbar">
        <Filters query={query} onChange={setQuery} />
        {isFiltered && (
          <button type="button" className="button button--quiet button--small" onClick={() => setQuery({ ...DEFAULT_BACKTEST_QUERY, sortBy: query.sortBy, direction: query.direction })}>
            Clear filters
          </button>
        )}
        <span className="toolbar__spacer" />
        <span className="muted tabular" data-testid="backtests-count">
          {total === null ? '' : `${formatCount(total)} ${total === 1 ? 'run' : 'runs'}`}
        </span>
        <button
          type="button"
          className="button"
          data-testid="compare-button"
          disabled={selected.length < 2}
          title={selected.length < 2 ? 'Tick two or more runs to compare them' : undefined}
          onClick={() => goTo({ view: 'compare', ids: selected })}
        >
          Compare{selected.length > 0 ? ` (${selected.length})` : ''}
        </button>
      </div>
      <div className="panel bt-table" role="table" aria-label="Backtests">
        <div className="bt-row bt-row--head" role="row">
          <span />
          {COLUMNS.map((column) => {
            const isSorted = column.sortKey !== undefined && query.sortBy === column.sortKey;
            return (
              <span key={column.key} role="columnheader" className={column.isNumeric ? 'numeric' : undefined} aria-sort={isSorted ? (query.direction === 'asc' ? 'ascending' : 'descending') : undefined}>
                {column.sortKey ? (
                  <button type="button" className={`sort-button${isSorted ? ' sort-button--active' : ''}`} data-testid={`sort-${column.sortKey}`} onClick={() => sortBy(column.sortKey!)}>
                    {column.label}
                    <span className="sort-button__arrow" aria-hidden="true">
                      {isSorted ? (query.direction === 'asc' ? '▲' : '▼') : '↕'}
                    </span>
                  </button>
                ) : (
                  column.label
                )}
              </span>
            );
          })}
        </div>
        {runs.length > 0 ? (
          <div ref={scroller} className="bt-table__scroller" data-testid="backtests-list">
            <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
              {items.map((item) => (
                <div key={runs[item.index]!.id} className="bt-table__slot" style={{ transform: `translateY(${item.start}px)`, height: item.size }}>
                  <BacktestRow run={runs[item.index]!} isSelected={selected.includes(runs[item.index]!.id)} onToggle={toggleSelected} />
                </div>
              ))}
            </div>
          </div>
        ) : (
          <div data-testid="backtests-list">
            <EmptyState
              testId="backtests-empty"
              icon={<BacktestsIcon />}
              title={!hasLoaded ? 'Loading backtests…' : isFiltered ? 'No runs match these filters' : 'No backtests yet'}
              actions={
                hasLoaded && !isFiltered ? (
                  <button type="button" className="button button--primary" onClick={() => goTo({ view: 'new', mode: 'run' })}>
                    New backtest
                  </button>
                ) : undefined
              }
            >
              {isFiltered ? 'Try another strategy, symbol or status.' : 'Run a strategy over stored prices; every run is kept here with its statistics and config.'}
            </EmptyState>
          </div>
        )}
      </div>
    </>
  );
}

export function BacktestList() {
  const [tab, setTab] = useState<'runs' | 'sweeps'>('runs');
  return (
    <div className="page page--fill">
      <header className="page-header">
        <div>
          <h1>Backtests</h1>
          <p>Strategies run over stored prices. Open a run for its charts and trades, or tick several to compare.</p>
        </div>
        <div className="page-header__actions">
          <button type="button" className="button" data-testid="sweep-new" onClick={() => goTo({ view: 'new', mode: 'sweep' })}>
            New sweep
          </button>
          <button type="button" className="button button--primary" data-testid="backtest-new" onClick={() => goTo({ view: 'new', mode: 'run' })}>
            New backtest
          </button>
        </div>
      </header>
      <div className="tabs" role="tablist">
        <button type="button" role="tab" className="tab" aria-selected={tab === 'runs'} data-testid="tab-runs" onClick={() => setTab('runs')}>
          Runs
        </button>
        <button type="button" role="tab" className="tab" aria-selected={tab === 'sweeps'} data-testid="tab-sweeps" onClick={() => setTab('sweeps')}>
          Sweeps
        </button>
      </div>
      {tab === 'runs' ? <RunsTable /> : <SweepList />}
    </div>
  );
}
