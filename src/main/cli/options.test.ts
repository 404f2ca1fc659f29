import { describe, expect, it } from 'vitest';
import { parseBroker, parseDate, parseNumber, parseParams, parseSymbols } from './options';

describe('CLI option values', () => {
  it('take plain decimal numbers only, not hex, binary, octal or Infinity', () => {
    expect(['10', '-0.5', '+.5', '5.', '1e4', ' 2.5E-3 '].map((text) => parseNumber('--cash', text))).toEqual([10, -0.5, 0.5, 5, 10_000, 0.0025]);
    for (const text of ['0b101', '0x0A', '0o7', 'Infinity', '1e400', '', ' ', '1_000', '1,5']) {
      expect(() => parseNumber('--cash', text), text).toThrow(`--cash must be a decimal number, got '${text}'`);
    }
    expect(() => parseBroker({ cash: '0b101' })).toThrow(/--cash must be a decimal number/);
    expect(() => parseParams('sma-cross', ['fast=0x0A'])).toThrow("--param fast must be a decimal number, got '0x0A'");
  });

  it('refuse a param given twice and an empty symbol', () => {
    expect(parseParams('sma-cross', ['fast=10', 'slow=20'])).toEqual({ fast: 10, slow: 20 });
    expect(() => parseParams('sma-cross', ['fast=10', 'fast=20'])).toThrow('--param fast is given twice');
    expect(parseSymbols([' goog', 'NVDA'])).toEqual(['GOOG', 'NVDA']);
    expect(() => parseSymbols(['GOOG', ''])).toThrow('--symbol must not be empty');
    expect(() => parseSymbols(['goog', 'GOOG'])).toThrow('--symbol GOOG is given twice');
  });

  it('refuse dates that are not on the calendar', () => {
    expect(parseDate('--from', '2012-02-29')).toBe('2012-02-29');
    expect(parseDate('--from', undefined)).toBeUndefined();
    for (const text of ['2010-02-30', '2010-02-29', '2010-04-31', '2010-13-01', '2010-1-01']) {
      expect(() => parseDate('--to', text), text).toThrow(`--to must be a calendar date YYYY-MM-DD, got '${text}'`);
    }
  });
});
