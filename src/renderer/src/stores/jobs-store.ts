import { create } from 'zustand';
import type { CommandRequest } from '../../../shared/contract';
import type { JobRecord } from '../../../shared/job';
import { loadCommand, requestCommand, runCommand, type CommandAnswer } from './command';
import { ALL_JOBS, statusesFor, type JobQuery } from './job-query';
import {
  EMPTY_JOBS,
  listingOf,
  mergeJobRecords,
  recountListing,
  reduceJobEvents,
  settleCancelling,
  type JobEvent,
  type JobListing,
  type JobsSnapshot,
} from './jobs-reducer';
import { useSystemStore } from './system-store';

const PAGE_SIZE = 100;

interface JobsState extends JobsSnapshot {
  /** Jobs the user asked to cancel that have not reached a terminal state yet. */
  cancelling: ReadonlySet<string>;
  query: JobQuery;
  /** The host's list for the query; null until its first page is fetched. */
  listing: JobListing | null;
  isLoading: boolean;
  /** Whether a list has been fetched at least once: before that, no jobs means "not known yet". */
  hasLoaded: boolean;
  applyEvents(events: readonly JobEvent[]): void;
  setQuery(query: JobQuery): void;
  loadFirstPage(): Promise<void>;
  loadMore(): Promise<void>;
  cancel(id: string): Promise<void>;
  /** Submits a job and shows it at once; a refusal is the caller's to show. */
  submit(request: CommandRequest<'jobs/submit'>): Promise<CommandAnswer<JobRecord>>;
}

export const useJobsStore = create<JobsState>()((set, get) => {
  function merge(snapshot: JobsSnapshot): Pick<JobsState, 'records' | 'order' | 'cancelling'> {
    return { records: snapshot.records, order: snapshot.order, cancelling: settleCancelling(get().cancelling, snapshot) };
  }

  /** Records that arrive between fetches: merged, and counted in the listing. */
  function arrive(snapshot: JobsSnapshot, ids: readonly string[]): Pick<JobsState, 'records' | 'order' | 'cancelling' | 'listing'> {
    const state = get();
    return { ...merge(snapshot), listing: state.listing && recountListing(state.listing, state.query, state, snapshot, ids) };
  }

  async function load(offset: number): Promise<void> {
    // The host cannot be reached: the resync once it is back fetches the query then shown.
    if (useSystemStore.getState().lostContactAt !== null) return;
    const query = get().query;
    const statuses = statusesFor(query.statusFilter);
    set({ isLoading: true });
    const request = {
      limit: PAGE_SIZE,
      offset,
      ...(statuses ? { statuses: [...statuses] } : {}),
      ...(query.kind === null ? {} : { kind: query.kind }),
    };
    const page = await loadCommand('jobs/list', request, 'Could not load jobs');
    // A newer query has been asked for meanwhile: its own load will answer.
    if (get().query !== query) return;
    if (!page) {
      set({ isLoading: false });
      return;
    }
    set({ ...merge(mergeJobRecords(get(), page.jobs)), listing: listingOf(page), isLoading: false, hasLoaded: true });
  }

  return {
    ...EMPTY_JOBS,
    cancelling: new Set(),
    query: ALL_JOBS,
    listing: null,
    isLoading: false,
    hasLoaded: false,
    applyEvents: (events) => set(arrive(reduceJobEvents(get(), events), events.map((event) => event.payload.id))),
    setQuery: (query) => {
      set({ query, listing: null });
      void load(0);
    },
    loadFirstPage: () => load(0),
    loadMore: async () => {
      const offset = get().listing?.nextOffset ?? null;
      if (offset !== null && !get().isLoading) await load(offset);
    },
    submit: async (request) => {
      const answer = await requestCommand('jobs/submit', request);
      if (answer.ok) set(arrive(mergeJobRecords(get(), [answer.data]), [answer.data.id]));
      return answer;
    },
    cancel: async (id) => {
      set({ cancelling: new Set(get().cancelling).add(id) });
      const record = await runCommand('jobs/cancel', { id }, 'Could not cancel the job');
      if (record) {
        set(arrive(mergeJobRecords(get(), [record]), [record.id]));
        return;
      }
      const cancelling = new Set(get().cancelling);
      cancelling.delete(id);
      set({ cancelling });
    },
  };
});
