import { useVirtualizer } from '@tanstack/react-virtual';
import { memo, useEffect, useRef, useState } from 'react';
import { STRATEGY_NAMES, type BacktestSummary, type StrategyName } from '../../../../shared/backtest';
import { EmptyState } from '../../components/empty-state';
import { BacktestsIcon } from '../../components/icons';
import { STATUS_LABELS, StatusChip } from '../../components/status-chip';
import { formatCount, formatDateTime, formatParams } from '../../format/format';
import { useWidth } from '../../hooks/use-width';
import { DEFAULT_BACKTEST_QUERY, symbolFilterOptions, useBacktestsStore, type BacktestQuery, type BacktestSortKey } from '../../stores/backtests-store';
import { CompareButton } from './compare-button';
import { goTo, type ListTab } from './route';
import { currentSearchDraft, pendingSearch, type SearchDraft } from './search-draft';
import { formatNumber, formatSignedPct } from './stats';
import { SweepList } from './sweep-list';
import { fitSymbolTags } from './symbol-tags';

const ROW_HEIGHT = 52;
/** The header row's height, as `.bt-row--head` sets it: the rows start below it in the same scroller. */
const HEAD_HEIGHT = 36;

interface Column {
  key: string;
  label: string;
  sortKey?: BacktestSortKey;
  isNumeric?: boolean;
  /** The class its header cell shares with its row cells, for styles of the whole column. */
  className?: string;
}

const COLUMNS: readonly Column[] = [
  { key: 'status', label: 'Status', className: 'bt-row__status' },
  { key: 'strategy', label: 'Strategy' },
  { key: 'symbols', label: 'Symbols' },
  { key: 'return', label: 'Return', sortKey: 'returnPct', isNumeric: true },
  { key: 'sharpe', label: 'Sharpe', sortKey: 'sharpeRatio', isNumeric: true },
  { key: 'drawdown', label: 'Max DD', sortKey: 'maxDrawdownPct', isNumeric: true },
  { key: 'trades', label: 'Trades', sortKey: 'tradeCount', isNumeric: true },
  { key: 'date', label: 'Created', sortKey: 'createdAt', isNumeric: true, className: 'bt-row__created' },
];

function toneClass(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value) || value === 0) return '';
  return value > 0 ? ' tone-gain' : ' tone-loss';
}

interface BacktestRowProps {
  run: BacktestSummary;
  isSelected: boolean;
  /** The Symbols column's width in px, which decides how many tags show whole; null before layout. */
  symbolsWidth: number | null;
  onToggle(id: string): void;
}

/** One run of the list, re-rendered only when its run, selection or column width change. */
export const BacktestRow = memo(function BacktestRow({ run, isSelected, symbolsWidth, onToggle }: BacktestRowProps) {
  const stats = run.stats;
  const title = run.name ?? run.strategy;
  const tags = fitSymbolTags(run.symbols, symbolsWidth ?? Number.POSITIVE_INFINITY);
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
      <span className="bt-row__status" title={STATUS_LABELS[run.status]}>
        <StatusChip status={run.status} />
      </span>
      <span className="bt-row__strategy">
        <span className="bt-row__name" title={title}>
          {title}
        </span>
        <span className="bt-row__params mono" title={formatParams(run.params)}>
          {run.name ? `${run.strategy} ` : ''}
          {formatParams(run.params) || 'no params'}
        </span>
      </span>
      <span className="bt-row__symbols" title={run.symbols.join(', ')}>
        {tags.shown.map((symbol) => (
          <span key={symbol} className="symbol-tag">
            {symbol}
          </span>
        ))}
        {tags.hiddenCount > 0 && <span className="muted">+{tags.hiddenCount}</span>}
      </span>
      <span className={`numeric${toneClass(stats?.returnPct)}`}>{formatSignedPct(stats?.returnPct)}</span>
      <span className={`numeric${toneClass(stats?.sharpeRatio)}`}>{formatNumber(stats?.sharpeRatio)}</span>
      <span className={`numeric${toneClass(stats?.maxDrawdownPct)}`}>{stats ? `${formatNumber(stats.maxDrawdownPct)} %` : '—'}</span>
      <span className="numeric">{stats ? formatCount(stats.tradeCount) : '—'}</span>
      <span className="numeric muted bt-row__created">{formatDateTime(run.createdAt)}</span>
    </div>
  );
});

function Filters({ query, onChange }: { query: BacktestQuery; onChange(query: BacktestQuery): void }) {
  const runSymbols = useBacktestsStore((state) => state.symbols);
  const [typed, setTyped] = useState<SearchDraft | null>(null);
  const draft = currentSearchDraft(typed, query.search);
  const pending = pendingSearch(draft);
  // Typing settles before the host is asked.
  useEffect(() => {
    if (pending === null) return;
    const timer = setTimeout(() => onChange({ ...query, search: pending }), 250);
    return () => clearTimeout(timer);
  }, [pending, query, onChange]);
  return (
    <>
      <input className="input bt-search" type="search" placeholder="Search name, notes, symbol…" aria-label="Search backtests" value={draft.text} data-testid="backtests-search" onChange={(event) => setTyped({ text: event.target.value, querySearch: query.search })} />
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
          {symbolFilterOptions(runSymbols, query.symbol).map((symbol) => (
            <option key={symbol} value={symbol}>
              {symbol}
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
  const symbolsHeader = useRef<HTMLSpanElement>(null);
  const symbolsWidth = useWidth(symbolsHeader);
  const virtualizer = useVirtualizer({ count: runs.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 8, scrollMargin: HEAD_HEIGHT });
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
        <CompareButton ids={selected} noun="runs" testId="compare-button" />
      </div>
      {/* Header and rows share one scroller, so they scroll sideways together when the columns outgrow the panel. */}
      <div className="panel bt-table" role="table" aria-label="Backtests">
        <div ref={scroller} className="bt-table__scroller" data-testid="backtests-list">
          <div className="bt-row bt-row--head" role="row">
            <span />
            {COLUMNS.map((column) => {
              const isSorted = column.sortKey !== undefined && query.sortBy === column.sortKey;
              return (
                <span
                  key={column.key}
                  ref={column.key === 'symbols' ? symbolsHeader : undefined}
                  role="columnheader"
                  className={[column.isNumeric && 'numeric', column.className].filter(Boolean).join(' ') || undefined}
                  aria-sort={isSorted ? (query.direction === 'asc' ? 'ascending' : 'descending') : undefined}
                >
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
            <div className="bt-table__body" style={{ height: virtualizer.getTotalSize() }}>
              {items.map((item) => (
                <div key={runs[item.index]!.id} className="bt-table__slot" style={{ transform: `translateY(${item.start - HEAD_HEIGHT}px)`, height: item.size }}>
                  <BacktestRow run={runs[item.index]!} isSelected={selected.includes(runs[item.index]!.id)} symbolsWidth={symbolsWidth} onToggle={toggleSelected} />
                </div>
              ))}
            </div>
          ) : (
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
          )}
        </div>
      </div>
    </>
  );
}

export function BacktestList({ tab }: { tab: ListTab }) {
  const setTab = (next: ListTab) => goTo({ view: 'list', tab: next });
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
