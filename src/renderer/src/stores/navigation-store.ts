import { create } from 'zustand';

export const PAGES = ['jobs', 'backtests', 'data', 'logs', 'settings'] as const;
export type PageName = (typeof PAGES)[number];

function isPageName(value: string): value is PageName {
  return (PAGES as readonly string[]).includes(value);
}

/** Addresses below a page's own: `#/compare/…` and `#/sweeps/…` belong to Backtests. */
const SUB_PAGES: Readonly<Record<string, PageName>> = { compare: 'backtests', sweeps: 'backtests' };

/** The page named by an address hash like `#/data` or `#/backtests/<id>`; Jobs when there is none. */
export function pageFromHash(hash: string): PageName {
  const name = hash.replace(/^#\/?/, '').split('/')[0] ?? '';
  if (isPageName(name)) return name;
  return SUB_PAGES[name] ?? 'jobs';
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
