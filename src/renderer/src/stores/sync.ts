import type { AppEvent, LogEntry, SystemStatus } from '../../../shared/contract';
import { getApi, watchConnection } from '../api/client';
import { useBacktestsStore } from './backtests-store';
import { finishesDataJob, type JobEvent } from './jobs-reducer';
import { useJobsStore } from './jobs-store';
import { useLogsStore } from './logs-store';
import { useNoticesStore } from './notices-store';
import { useSettingsStore } from './settings-store';
import { useSymbolsStore } from './symbols-store';
import { useSystemStore } from './system-store';

/** Events are applied in batches so a burst (a chatty log) renders once, not per event. */
const FLUSH_DELAY_MS = 50;

function applyBatch(events: readonly AppEvent[]): void {
  const jobEvents: JobEvent[] = [];
  const logEntries: LogEntry[] = [];
  let status: SystemStatus | null = null;
  for (const event of events) {
    if (event.name === 'job/updated' || event.name === 'job/progress') jobEvents.push(event);
    else if (event.name === 'log/appended') logEntries.push(event.payload);
    else if (event.name === 'settings/updated') useSettingsStore.getState().setSettings(event.payload);
    else status = event.payload;
  }
  if (jobEvents.length > 0) {
    const jobs = useJobsStore.getState();
    const hasChangedSymbols = finishesDataJob(jobs, jobEvents);
    jobs.applyEvents(jobEvents);
    if (hasChangedSymbols) void useSymbolsStore.getState().refresh();
  }
  if (logEntries.length > 0) useLogsStore.getState().append(logEntries);
  if (status) useSystemStore.getState().setStatus(status);
}

/** Events may have been missed while disconnected: fetch everything the stores show afresh. */
function resync(): void {
  void useJobsStore.getState().loadFirstPage();
  void useSystemStore.getState().refresh();
  void useSymbolsStore.getState().refresh();
  void useLogsStore.getState().refresh();
  void useSettingsStore.getState().refresh();
  // Only once the Backtests page has asked for its list: it loads it when first shown.
  if (useBacktestsStore.getState().hasLoaded) void useBacktestsStore.getState().refresh();
}

/**
 * The event stream cannot say why it failed. A host that is up but refuses the token
 * answers a command with `unauthorized`: tell the user, who would otherwise only see
 * "Reconnecting…" forever.
 */
async function reportRefusedAccess(): Promise<void> {
  const answer = await getApi().invoke('system/status', {});
  if (!answer.ok && answer.error.kind === 'unauthorized') {
    const message = `${answer.error.message}. Open the full address printed by quantdesk serve: it carries the access token.`;
    useNoticesStore.getState().pushError({ kind: 'unauthorized', message }, 'Access refused');
  }
}

/**
 * Feeds the stores: subscribes to the event stream, then fetches initial state each time
 * the connection opens (first time and after every reconnect). Returns the stop function.
 */
export function startSync(): () => void {
  let pending: AppEvent[] = [];
  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    timer = null;
    const batch = pending;
    pending = [];
    applyBatch(batch);
  };
  const unsubscribe = getApi().subscribe((event) => {
    pending.push(event);
    timer ??= setTimeout(flush, FLUSH_DELAY_MS);
  });
  const unwatch = watchConnection((state) => {
    useSystemStore.getState().setConnection(state);
    if (state === 'connected') resync();
    if (state === 'reconnecting') void reportRefusedAccess();
  });
  return () => {
    unwatch();
    unsubscribe();
    if (timer) clearTimeout(timer);
  };
}
