import { create } from 'zustand';

export const PAGES = ['jobs', 'data', 'logs'] as const;
export type PageName = (typeof PAGES)[number];

function isPageName(value: string): value is PageName {
  return (PAGES as readonly string[]).includes(value);
}

/** The page named by an address hash like `#/data`; Jobs when there is none. */
export function pageFromHash(hash: string): PageName {
  const name = hash.replace(/^#\/?/, '');
  return isPageName(name) ? name : 'jobs';
}

interface NavigationState {
  page: PageName;
  /** A job to bring into view and point out on the Jobs page. */
  highlightedJobId: string | null;
  navigate(page: PageName, options?: { highlightJobId?: string }): void;
  /** Follows the address bar (back / forward). */
  syncFromHash(hash: string): void;
}

export const useNavigationStore = create<NavigationState>()((set) => ({
  page: pageFromHash(window.location.hash),
  highlightedJobId: null,
  navigate: (page, options) => {
    set({ page, highlightedJobId: options?.highlightJobId ?? null });
    if (pageFromHash(window.location.hash) !== page) window.location.hash = `#/${page}`;
  },
  syncFromHash: (hash) => set((state) => (pageFromHash(hash) === state.page ? state : { page: pageFromHash(hash), highlightedJobId: null })),
}));
