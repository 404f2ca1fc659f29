import { describe, expect, it } from 'vitest';
import { symbolForFileName } from './symbol-file';

const SYMBOL_FILES = [
  ['AAPL.csv', 'AAPL'],
  ['^GSPC.csv', '^GSPC'],
  ['brk-b.CSV', 'BRK-B'],
  ['BF.B.csv', 'BF.B'],
  ['0700_HK.csv', '0700_HK'],
  ['A2345678901234567890.csv', 'A2345678901234567890'],
] as const;

const OTHER_NAMES = [
  'x.txt',
  'AAPL',
  '.csv',
  '..csv',
  '...csv',
  '-^_.csv',
  'ÄPFEL.csv',
  'my prices (v2).csv',
  'A23456789012345678901.csv',
  '../AAPL.csv',
  'dir/AAPL.csv',
  'dir\\AAPL.csv',
  'AA\nPL.csv',
  'AAPL.csv\n',
  'ıbm.csv',
  'ſpy.csv',
  'AAPL.csv.txt',
];

describe('symbolForFileName', () => {
  it.each(SYMBOL_FILES)('%s is symbol %s', (fileName, symbol) => {
    expect(symbolForFileName(fileName)).toBe(symbol);
  });

  it.each(OTHER_NAMES)('%j names no symbol', (fileName) => {
    expect(symbolForFileName(fileName)).toBeNull();
  });
});
