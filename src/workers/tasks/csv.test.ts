import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../shared/errors';
import { beginBarCsv, describeBarsOutsideRange, parseBarCsv, parseBarCsvSeries, parseBarRows } from './csv';
import { parseDateField, parseDecimal } from './csv-fields';

const SAMPLE_DIR = path.resolve(__dirname, '../../../resources/sample-data');

function sample(name: string): string {
  return fs.readFileSync(path.join(SAMPLE_DIR, name), 'utf8');
}

function parseError(fileName: string, text: string, today?: Date): AppError {
  try {
    parseBarCsv(fileName, text, today);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error('expected the parse to fail');
}

const HEADER = 'Date,Open,High,Low,Close,Adj Close,Volume';
const ROWS = ['2020-01-02,10,12,9,11,10.5,1000', '2020-01-03,11,13,10,12,11.5,2000', '2020-01-06,12,14,11,13,12.5,3000'];

/** A small file with `bad` replacing data row `index` (line index + 2). */
function withRow(index: number, bad: string): string {
  const rows = [...ROWS];
  rows[index] = bad;
  return [HEADER, ...rows].join('\n');
}

describe('parseBarCsv with the sample files', () => {
  it.each([
    ['GOOG.csv', 2148, '2004-08-19', '2013-03-01', false],
    ['ORCL.csv', 5036, '1995-01-03', '2014-12-31', true],
    ['NVDA.csv', 4012, '1999-01-22', '2014-12-31', true],
    ['YHOO.csv', 4713, '1996-04-12', '2014-12-31', true],
  ])('reads %s: %i rows from %s to %s', (name, rows, firstDate, lastDate, hasAdjClose) => {
    const bars = parseBarCsv(name, sample(name));
    expect(bars).toHaveLength(rows);
    expect(bars[0]?.date).toBe(firstDate);
    expect(bars.at(-1)?.date).toBe(lastDate);
    expect(bars.every((bar) => (bar.adjClose !== null) === hasAdjClose)).toBe(true);
  });

  it('reads GOOG.csv’s unnamed date column and exact values', () => {
    expect(parseBarCsv('GOOG.csv', sample('GOOG.csv'))[0]).toEqual({
      date: '2004-08-19', open: 100, high: 104.06, low: 95.96, close: 100.34, adjClose: null, volume: 22351900,
    });
  });

  it('reads ORCL.csv’s Adj Close', () => {
    expect(parseBarCsv('ORCL.csv', sample('ORCL.csv'))[0]).toEqual({
      date: '1995-01-03', open: 2.179012, high: 2.191358, low: 2.117284, close: 2.117284, adjClose: 1.883304, volume: 36301200,
    });
  });
});

describe('parseBarCsv headers', () => {
  it('accepts any column order and case, quoted names and extra columns', () => {
    const text = '"volume",CLOSE,Dividends,low,HIGH,open,date\n1000,11,0,9,12,10,2020-01-02\n';
    expect(parseBarCsv('A.csv', text)).toEqual([
      { date: '2020-01-02', open: 10, high: 12, low: 9, close: 11, adjClose: null, volume: 1000 },
    ]);
  });

  it('asks for a header when the first line is data', () => {
    const error = parseError('GOOG.csv', ROWS.join('\n'));
    expect(error.message).toBe(
      'GOOG.csv line 1: the first line is data, not a header. Add a header line such as Date,Open,High,Low,Close,Volume.',
    );
  });

  it('names missing columns and what it found', () => {
    expect(parseError('A.csv', 'Date,Open,High,Low,Close\n2020-01-02,1,2,0.5,1.5\n').message).toBe(
      'A.csv line 1: the header has no Volume column (found: Date, Open, High, Low, Close). ' +
        'Expected Date, Open, High, Low, Close, Volume and optionally Adj Close, comma-separated.',
    );
    expect(parseError('B.csv', 'Date;Open;High;Low;Close;Volume\n').message).toBe(
      'B.csv line 1: columns are separated by ";"; Quantdesk reads comma-separated files.',
    );
  });

  it('refuses a column named twice', () => {
    expect(parseError('A.csv', 'Date,Open,High,Low,Close,Close,Volume\n').message).toBe(
      'A.csv line 1: the header names Close twice.',
    );
  });

  it('refuses an empty file and accepts a header with no rows', () => {
    expect(parseError('E.csv', '\n  \r\n').message).toBe('E.csv is empty.');
    expect(parseBarCsv('H.csv', `${HEADER}\n`)).toEqual([]);
  });
});

describe('parseBarCsv text forms', () => {
  it('accepts CRLF, a BOM, blank lines and a time of day', () => {
    const text = `\uFEFF\r\n${HEADER}\r\n\r\n2020-01-02 00:00:00,10,12,9,11,10.5,1000\r\n   \r\n2020-01-03T16:00:00,11,13,10,12,,2000\r\n`;
    expect(parseBarCsv('A.csv', text)).toEqual([
      { date: '2020-01-02', open: 10, high: 12, low: 9, close: 11, adjClose: 10.5, volume: 1000 },
      { date: '2020-01-03', open: 11, high: 13, low: 10, close: 12, adjClose: null, volume: 2000 },
    ]);
  });

  it('returns rows in date order whatever the file’s order', () => {
    const descending = [HEADER, ...[...ROWS].reverse()].join('\n');
    expect(parseBarCsv('D.csv', descending).map((bar) => bar.date)).toEqual(['2020-01-02', '2020-01-03', '2020-01-06']);
    const mixed = [HEADER, ROWS[1], ROWS[0], ROWS[2]].join('\n');
    expect(parseBarCsv('M.csv', mixed).map((bar) => bar.date)).toEqual(['2020-01-02', '2020-01-03', '2020-01-06']);
  });

  it('parses in chunks with the same result as at once', () => {
    const text = sample('NVDA.csv');
    const parse = beginBarCsv('NVDA.csv', text, new Date());
    const chunks: number[] = [];
    while (!parse.isDone) chunks.push(parseBarRows(parse, 1000));
    expect(chunks).toEqual([1000, 1000, 1000, 1000, 12]);
    expect(parse.columns.length).toBe(4012);
    expect(parse.series).toEqual(parseBarCsvSeries('NVDA.csv', text));
    expect(parseBarCsv('NVDA.csv', text)[4011]).toEqual({
      date: '2014-12-31', open: 20.4, high: 20.51, low: 19.99, close: 20.049999, adjClose: 19.425875, volume: 4157500,
    });
  });
});

describe('parseBarCsv bad rows name the file and line', () => {
  it('a field that is not a number', () => {
    const lines = sample('GOOG.csv').split('\n');
    lines[56] = '2004-11-09,174.1,175.2,165.27,abc,11064200';
    expect(parseError('GOOG.csv', lines.join('\n')).message).toBe('GOOG.csv line 57: Close is not a number ("abc")');
  });

  it.each([
    ['a wrong number of columns', '2020-01-03,11,13,10,12,11.5', 'line 3: expected 7 columns, found 6'],
    ['an extra column', '2020-01-03,11,13,10,12,11.5,2000,9', 'line 3: expected 7 columns, found 8'],
    ['an empty field', '2020-01-03,11,,10,12,11.5,2000', 'line 3: High is empty'],
    ['a hex number', '2020-01-03,0x10,13,10,12,11.5,2000', 'line 3: Open is not a number ("0x10")'],
    ['a negative price', '2020-01-03,11,13,-10,12,11.5,2000', 'line 3: Low is negative (-10)'],
    ['a negative volume', '2020-01-03,11,13,10,12,11.5,-5', 'line 3: Volume is negative (-5)'],
    ['a zero price', '2020-01-03,11,13,10,0,11.5,2000', 'line 3: Close is 0; prices must be above 0'],
    ['every price zero', '2020-01-03,0,0,0,0,0,2000', 'line 3: Open is 0; prices must be above 0'],
    ['a price past a double', '2020-01-03,11,1e400,10,12,11.5,2000', 'line 3: High is not a number ("1e400")'],
    [
      'a quoted field with a comma',
      '2020-01-03,11,13,10,12,11.5,"2,000"',
      'line 3: quoted fields with a comma inside are not supported ("2,000"); export the file without thousands separators',
    ],
    ['high below low', '2020-01-03,11,9,10,12,11.5,2000', 'line 3: High (9) is below Low (10)'],
    ['an impossible date', '2021-02-29,11,13,10,12,11.5,2000', 'line 3: Date is not a valid YYYY-MM-DD date ("2021-02-29")'],
    ['a non-ISO date', '01/03/2020,11,13,10,12,11.5,2000', 'line 3: Date is not a valid YYYY-MM-DD date ("01/03/2020")'],
    ['a date with junk after it', '2020-01-03x,11,13,10,12,11.5,2000', 'line 3: Date is not a valid YYYY-MM-DD date ("2020-01-03x")'],
    ['a repeated date', '2020-01-02,11,13,10,12,11.5,2000', 'line 3: Date 2020-01-02 appears twice (also on line 2)'],
  ])('%s', (_name, badRow, expected) => {
    const error = parseError('X.csv', withRow(1, badRow));
    expect(error.kind).toBe('invalid');
    expect(error.message).toBe(`X.csv ${expected}`);
    expect(error.details).toEqual({ file: 'X.csv', line: 3 });
  });

  it('a date more than a year after today', () => {
    const today = new Date('2024-06-15T12:00:00Z');
    expect(() => parseBarCsv('F.csv', withRow(1, '2025-06-15,11,13,10,12,11.5,2000'), today)).not.toThrow();
    expect(parseError('F.csv', withRow(1, '2025-06-16,11,13,10,12,11.5,2000'), today).message).toBe(
      'F.csv line 3: Date 2025-06-16 is in the future (the latest accepted is 2025-06-15)',
    );
    expect(parseError('F.csv', withRow(2, '5906-01-06,12,14,11,13,12.5,3000'), today).message).toBe(
      'F.csv line 4: Date 5906-01-06 is in the future (the latest accepted is 2025-06-15)',
    );
  });

  it('a repeated date in an unordered file', () => {
    const text = [HEADER, ROWS[2], ROWS[0], '', ROWS[1], ROWS[0]].join('\n');
    expect(parseError('U.csv', text).message).toBe('U.csv line 6: Date 2020-01-02 appears twice (also on line 3)');
  });

  it('counts blank lines and CRLF in line numbers', () => {
    const text = `${HEADER}\r\n\r\n${ROWS[0]}\r\n2020-01-03,11,13,10,x,11.5,2000\r\n`;
    expect(parseError('C.csv', text).message).toBe('C.csv line 4: Close is not a number ("x")');
  });
});

describe('bars with Open or Close outside their Low–High range', () => {
  function parsed(text: string) {
    const parse = beginBarCsv('G.csv', text, new Date('2024-06-15T00:00:00Z'));
    parseBarRows(parse, Number.POSITIVE_INFINITY);
    return parse;
  }

  it('are kept, counted, and described once with the first line', () => {
    const text = [HEADER, ROWS[0], '2020-01-03,11,13,10,50,11.5,2000', '2020-01-06,9,14,11,13,12.5,3000'].join('\n');
    const parse = parsed(text);
    expect(parse.series?.close[1]).toBe(50);
    expect(parse.barsOutsideRange).toBe(2);
    expect(describeBarsOutsideRange(parse, 'imported')).toBe(
      'G.csv: 2 bars have their Open or Close outside the Low–High range (first on line 3); imported as they are',
    );
    expect(describeBarsOutsideRange(parse, 'used')).toMatch(/; used as they are$/);
  });

  it('leave no warning when there are none', () => {
    expect(describeBarsOutsideRange(parsed([HEADER, ...ROWS].join('\n')), 'imported')).toBeNull();
  });
});

describe('field readers', () => {
  it('read decimals exactly as Number() does', () => {
    const samples = ['0', '1', '100.34', '0.000001', '2.191358', '22351900', '123456789012345', '-0.5', '+3', '.5', '5.'];
    for (const text of samples) expect(parseDecimal(text, 0, text.length)).toBe(Number(text));
    const prices = fc
      .tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 6 }))
      .map(([unit, magnitude, digits]) => (unit * 10 ** magnitude).toFixed(digits));
    fc.assert(
      fc.property(prices, (text) => Object.is(parseDecimal(text, 0, text.length), Number(text))),
      { numRuns: 2000 },
    );
  });

  it('fall back for exponents, long mantissas, padding and quotes, and refuse the rest', () => {
    const read = (text: string) => parseDecimal(text, 0, text.length);
    expect(read('1.5e3')).toBe(1500);
    expect(read('3.14159265358979323846')).toBe(Number('3.14159265358979323846'));
    expect(read(' 12.5 ')).toBe(12.5);
    expect(read('"7"')).toBe(7);
    for (const bad of ['', '-', '.', 'abc', '1,5', 'Infinity', 'NaN', '0x1F', '1.2.3', 'null']) expect(read(bad)).toBeNaN();
  });

  it('read ISO dates, checking the calendar', () => {
    const read = (text: string) => parseDateField(text, 0, text.length);
    expect(read('2024-02-29')).toBe('2024-02-29');
    expect(read('2023-02-29')).toBeNull();
    expect(read('2000-02-29')).toBe('2000-02-29');
    expect(read('1900-02-29')).toBeNull();
    expect(read('2020-04-31')).toBeNull();
    expect(read('2020-00-10')).toBeNull();
    expect(read('2020-12-31 23:59:59')).toBe('2020-12-31');
    expect(read('2020-12-31 noon')).toBeNull();
    expect(read('"2020-12-31"')).toBe('2020-12-31');
    expect(read('20201231')).toBeNull();
  });
});
