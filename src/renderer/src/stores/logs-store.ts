import { create } from 'zustand';
import type { LogEntry } from '../../../shared/contract';
import { loadCommand } from './command';
import { appendLogEntries, LOG_BUFFER_LIMIT, mergeLogTail } from './logs-reducer';

interface LogsState {
  /** The newest entries in sequence order, at most `LOG_BUFFER_LIMIT`. */
  entries: LogEntry[];
  hasLoaded: boolean;
  append(entries: readonly LogEntry[]): void;
  refresh(): Promise<void>;
}

export const useLogsStore = create<LogsState>()((set, get) => ({
  entries: [],
  hasLoaded: false,
  append: (entries) => set({ entries: appendLogEntries(get().entries, entries) }),
  refresh: async () => {
    const tail = await loadCommand('logs/tail', { limit: LOG_BUFFER_LIMIT }, 'Could not load logs');
    if (tail) set({ entries: mergeLogTail(get().entries, tail.entries), hasLoaded: true });
  },
}));
