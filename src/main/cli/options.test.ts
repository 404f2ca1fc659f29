import { describe, expect, it } from 'vitest';
import { checkStrategyParams, parseBroker, parseDate, parseNumber, parseOptions, parseParams, parseSymbols, TARGET_OPTIONS } from './options';

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

  it('say what is wrong with a param or broker setting in plain words, naming the flag', () => {
    expect(() => checkStrategyParams('sma-cross', { fast: 0 })).toThrow('bad parameters for sma-cross: fast must be at least 1 (got 0)');
    expect(() => checkStrategyParams('sma-cross', { fast: 2.5 })).toThrow('bad parameters for sma-cross: fast must be a whole number (got 2.5)');
    expect(() => checkStrategyParams('sma-cross', { fast: 40 })).toThrow(/^bad parameters for sma-cross: fast must be less than slow$/);
    expect(() => parseBroker({ cash: '-100' })).toThrow(/^--cash must be greater than 0 \(got -100\)$/);
    expect(() => parseBroker({ commission: '2', spread: '-1' })).toThrow(/^--commission must be at most 0.1 \(got 2\); --spread must be at least 0 \(got -1\)$/);
  });
});

describe('CLI option parsing', () => {
  it('takes a negative number after a value option as its value', () => {
    expect(parseOptions(['--cash', '-100', '--commission', '-0.5', '--spread', '-1e3'], TARGET_OPTIONS)).toMatchObject({ cash: '-100', commission: '-0.5', spread: '-1e3' });
    expect(parseOptions(['--param', '-5', '--param', 'fast=-1'], TARGET_OPTIONS).param).toEqual(['-5', 'fast=-1']);
    expect(parseOptions(['--cash=-100'], TARGET_OPTIONS).cash).toBe('-100');
  });

  it('keeps options as options after a value option, and a negative number after a flag an error', () => {
    expect(() => parseOptions(['--cash', '--json'], TARGET_OPTIONS)).toThrow(/Option '--cash' argument is ambiguous/);
    expect(() => parseOptions(['--cash', '-h'], TARGET_OPTIONS)).toThrow(/Option '--cash' argument is ambiguous/);
    expect(() => parseOptions(['--json', '-5'], TARGET_OPTIONS)).toThrow(/Unknown option '-5'/);
    expect(() => parseOptions(['--cash', '-100', '--cash', '-5'], TARGET_OPTIONS)).toThrow('--cash is given more than once; it takes one value');
  });
});
