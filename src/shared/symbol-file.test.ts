import { describe, expect, it } from 'vitest';
import { commandSchemas } from './contract';
import { SYMBOL_FILE_NAME_RULE, symbolForFileName } from './symbol-file';

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

describe('data/stage file names follow the same rule', () => {
  const stage = commandSchemas['data/stage'];

  it.each(SYMBOL_FILES)('accepts %s', (name) => {
    expect(stage.safeParse({ name, content: 'Date,Open\n' }).success).toBe(true);
  });

  it.each(OTHER_NAMES)('refuses %j, saying what is allowed', (name) => {
    const parsed = stage.safeParse({ name, content: 'Date,Open\n' });
    expect(parsed.error?.issues.map((issue) => issue.message)).toEqual([SYMBOL_FILE_NAME_RULE]);
  });
});
