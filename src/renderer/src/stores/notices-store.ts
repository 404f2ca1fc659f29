import { create } from 'zustand';
import type { ErrorBody, ErrorKind } from '../../../shared/errors';

/** A message for the user, shown as a dismissible toast. */
export interface Notice {
  id: number;
  kind: ErrorKind;
  title: string;
  message: string;
  /** How many times the same notice was raised while shown. */
  count: number;
}

const MAX_NOTICES = 4;

interface NoticesState {
  notices: Notice[];
  pushError(error: ErrorBody, title: string): void;
  dismiss(id: number): void;
}

let nextId = 1;

export const useNoticesStore = create<NoticesState>()((set) => ({
  notices: [],
  pushError: (error, title) =>
    set((state) => {
      const same = state.notices.find((notice) => notice.kind === error.kind && notice.message === error.message && notice.title === title);
      // Raised again: counted, and moved to the newest place, the one shown in full.
      if (same) {
        return { notices: [...state.notices.filter((notice) => notice !== same), { ...same, count: same.count + 1 }] };
      }
      const notice: Notice = { id: nextId++, kind: error.kind, title, message: error.message, count: 1 };
      return { notices: [...state.notices, notice].slice(-MAX_NOTICES) };
    }),
  dismiss: (id) => set((state) => ({ notices: state.notices.filter((notice) => notice.id !== id) })),
}));
