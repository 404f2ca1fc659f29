import { describe, expect, it } from 'vitest';
import { currentSearchDraft, pendingSearch } from './search-draft';

describe('search draft', () => {
  it('keeps typed text and applies it once typing settles', () => {
    const draft = currentSearchDraft({ text: 'goo', querySearch: '' }, '');
    expect(draft.text).toBe('goo');
    expect(pendingSearch(draft)).toBe('goo');
  });

  it('has nothing to apply once the query holds the typed text', () => {
    const draft = currentSearchDraft({ text: 'goo', querySearch: '' }, 'goo');
    expect(draft.text).toBe('goo');
    expect(pendingSearch(draft)).toBeNull();
  });

  it('empties the box when Clear filters empties the search, and does not push the old text back', () => {
    const draft = currentSearchDraft({ text: 'zzzz', querySearch: 'zzzz' }, '');
    expect(draft.text).toBe('');
    expect(pendingSearch(draft)).toBeNull();
  });

  it('starts from the query search before anything is typed', () => {
    expect(currentSearchDraft(null, 'nvda')).toEqual({ text: 'nvda', querySearch: 'nvda' });
  });
});
