import { create } from 'zustand';
import type { BacktestSummary, NumericStatKey, StrategyName } from '../../../shared/backtest';
import { isTerminalStatus, type JobRecord } from '../../../shared/job';
import { loadCommand } from './command';
import { useJobsStore } from './jobs-store';

const PAGE_SIZE = 100;

export type BacktestSortKey = 'createdAt' | NumericStatKey;

/** What the Backtests list shows; the host sorts, filters and pages. */
export interface BacktestQuery {
  sortBy: BacktestSortKey;
  direction: 'asc' | 'desc';
  strategy: StrategyName | null;
  symbol: string | null;
  status: BacktestSummary['status'] | null;
  search: string;
}

export const DEFAULT_BACKTEST_QUERY: BacktestQuery = { sortBy: 'createdAt', direction: 'desc', strategy: null, symbol: null, status: null, search: '' };

/**
 * What the Symbol filter offers: every symbol of a stored run, and the chosen one even when its
 * last run has been deleted meanwhile, so the filter still shows what the list is filtered by.
 */
export function symbolFilterOptions(runSymbols: readonly string[], chosen: string | null): readonly string[] {
  if (chosen === null || runSymbols.includes(chosen)) return runSymbols;
  // Code-unit order, as the host sorts them.
  return [...runSymbols, chosen].sort();
}

/** Job kinds whose end adds runs to the list. */
export const BACKTEST_JOB_KINDS = ['backtest/run', 'backtest/sweep'] as const;

interface BacktestsState {
  query: BacktestQuery;
  runs: BacktestSummary[];
  total: number | null;
  nextOffset: number | null;
  isLoading: boolean;
  hasLoaded: boolean;
  /** Runs ticked for comparison, in the order they were ticked. */
  selected: string[];
  /** Every symbol of a stored run (the prices of some may be deleted since): what the list can be filtered by. */
  symbols: string[];
  setQuery(query: BacktestQuery): void;
  /** Sorts by a column; the same column again flips the direction. */
  sortBy(key: BacktestSortKey): void;
  /** The first page again, and the symbols of stored runs. */
  refresh(): Promise<void>;
  loadMore(): Promise<void>;
  toggleSelected(id: string): void;
  clearSelected(): void;
  /** Drops a deleted run without refetching the list; asks again for the symbols of stored runs (it may have been a symbol's last). */
  forget(id: string): void;
  /** Takes an updated summary (e.g. notes) into the list. */
  replace(run: BacktestSummary): void;
}

function requestFor(query: BacktestQuery, offset: number) {
  return {
    sortBy: query.sortBy,
    direction: query.direction,
    limit: PAGE_SIZE,
    offset,
    ...(query.strategy ? { strategy: query.strategy } : {}),
    ...(query.symbol ? { symbol: query.symbol } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.search.trim() ? { search: query.search.trim() } : {}),
  };
}

export const useBacktestsStore = create<BacktestsState>()((set, get) => {
  let generation = 0;
  let symbolsGeneration = 0;

  async function load(offset: number): Promise<void> {
    const query = get().query;
    const ticket = ++generation;
    set({ isLoading: true });
    const page = await loadCommand('backtests/list', requestFor(query, offset), 'Could not load backtests');
    // A newer query or refresh has been asked for meanwhile: its own load answers.
    if (ticket !== generation) return;
    if (!page) {
      set({ isLoading: false, hasLoaded: true });
      return;
    }
    const runs = offset === 0 ? page.runs : [...get().runs, ...page.runs.filter((run) => !get().runs.some((held) => held.id === run.id))];
    set({ runs, total: page.total, nextOffset: page.nextOffset, isLoading: false, hasLoaded: true });
  }

  async function loadSymbols(): Promise<void> {
    const ticket = ++symbolsGeneration;
    const answer = await loadCommand('backtests/symbols', {}, 'Could not load the symbols of stored backtests');
    if (answer && ticket === symbolsGeneration) set({ symbols: answer.symbols });
  }

  return {
    query: DEFAULT_BACKTEST_QUERY,
    runs: [],
    total: null,
    nextOffset: null,
    isLoading: false,
    hasLoaded: false,
    selected: [],
    symbols: [],
    setQuery: (query) => {
      set({ query });
      void load(0);
    },
    sortBy: (key) => {
      const query = get().query;
      const direction = query.sortBy === key ? (query.direction === 'desc' ? 'asc' : 'desc') : 'desc';
      get().setQuery({ ...query, sortBy: key, direction });
    },
    refresh: async () => {
      await Promise.all([load(0), loadSymbols()]);
    },
    loadMore: async () => {
      const { nextOffset, isLoading } = get();
      if (nextOffset !== null && !isLoading) await load(nextOffset);
    },
    toggleSelected: (id) => {
      const selected = get().selected;
      set({ selected: selected.includes(id) ? selected.filter((held) => held !== id) : [...selected, id] });
    },
    clearSelected: () => set({ selected: [] }),
    forget: (id) => {
      set((state) => ({
        runs: state.runs.filter((run) => run.id !== id),
        total: state.total === null ? null : Math.max(0, state.total - 1),
        selected: state.selected.filter((held) => held !== id),
      }));
      void loadSymbols();
    },
    replace: (run) => set((state) => ({ runs: state.runs.map((held) => (held.id === run.id ? run : held)) })),
  };
});

function isBacktestJob(job: JobRecord): boolean {
  return (BACKTEST_JOB_KINDS as readonly string[]).includes(job.kind);
}

/** Ids of backtest jobs that became terminal between two snapshots of the jobs store. */
export function newlyFinishedBacktestJobs(before: Readonly<Record<string, JobRecord>>, after: Readonly<Record<string, JobRecord>>): string[] {
  const finished: string[] = [];
  for (const [id, job] of Object.entries(after)) {
    if (!isBacktestJob(job) || !isTerminalStatus(job.status)) continue;
    const previous = before[id];
    if (!previous || !isTerminalStatus(previous.status)) finished.push(id);
  }
  return finished;
}

// New runs appear when a backtest or sweep job ends: refetch the list then. A job first
// seen already finished (the first jobs page) is no news, hence the `before` record check.
useJobsStore.subscribe((state, previous) => {
  if (state.records === previous.records) return;
  const finished = newlyFinishedBacktestJobs(previous.records, state.records).filter((id) => previous.records[id] !== undefined);
  if (finished.length > 0 && useBacktestsStore.getState().hasLoaded) void useBacktestsStore.getState().refresh();
});
