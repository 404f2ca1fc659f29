import { describe, expect, it } from 'vitest';
import { fitSymbolTags } from './symbol-tags';

const FOUR = ['GOOG', 'NVDA', 'ORCL', 'YHOO'];

describe('fitSymbolTags', () => {
  it('shows every tag when they all fit', () => {
    expect(fitSymbolTags(FOUR, 400)).toEqual({ shown: FOUR, hiddenCount: 0 });
    expect(fitSymbolTags(['GOOG'], 60)).toEqual({ shown: ['GOOG'], hiddenCount: 0 });
  });

  it('shows only whole tags and counts the rest, leaving the "+N" its room', () => {
    // Three tags would fit alone in 180 px, but not with a "+1" after them.
    expect(fitSymbolTags(FOUR, 180)).toEqual({ shown: ['GOOG', 'NVDA'], hiddenCount: 2 });
    expect(fitSymbolTags(FOUR, 80)).toEqual({ shown: ['GOOG'], hiddenCount: 3 });
  });

  it('falls back to the count alone in a column too narrow for one tag', () => {
    expect(fitSymbolTags(FOUR, 40)).toEqual({ shown: [], hiddenCount: 4 });
  });

  it('never shows a run with no symbols as hiding any', () => {
    expect(fitSymbolTags([], 0)).toEqual({ shown: [], hiddenCount: 0 });
  });
});
