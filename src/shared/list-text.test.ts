import { describe, expect, it } from 'vitest';
import { listText } from './list-text';

describe('listText', () => {
  it('lists items as a sentence does', () => {
    expect(listText([])).toBe('');
    expect(listText(['GOOG'])).toBe('GOOG');
    expect(listText(['GOOG', 'NVDA'])).toBe('GOOG and NVDA');
    expect(listText(['GOOG', 'NVDA', 'ORCL'])).toBe('GOOG, NVDA and ORCL');
    expect(listText(['GOOG', 'NVDA', 'ORCL'], 'or')).toBe('GOOG, NVDA or ORCL');
  });
});
