/** The search box's text, and the query search it was typed over. */
export interface SearchDraft {
  text: string;
  querySearch: string;
}

/**
 * The box's draft while the query's search is `querySearch`. Typed text stands only over the
 * search it was typed over: once the search changes (applied, or emptied by Clear filters),
 * the box shows the query's text, so the debounce has nothing stale to push back.
 */
export function currentSearchDraft(typed: SearchDraft | null, querySearch: string): SearchDraft {
  return typed !== null && typed.querySearch === querySearch ? typed : { text: querySearch, querySearch };
}

/** The text to apply once typing settles, or null when the query holds it already. */
export function pendingSearch(draft: SearchDraft): string | null {
  return draft.text === draft.querySearch ? null : draft.text;
}
