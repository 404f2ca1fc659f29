import { AppError } from '../../shared/errors';
import { rowsFromSeries, type BarRow, type BarSeries } from '../../main/store/market/bars';
import { createBarColumns, finishBarColumns, reserveRow, type BarColumns } from './csv-columns';
import { countLineBreaks, isBlank, parseDateField, parseDecimal } from './csv-fields';
import { COLUMN_LABELS, readCsvHeader, type BarColumn, type CsvLayout } from './csv-header';

export { countLineBreaks } from './csv-fields';
export type { CsvLayout } from './csv-header';

const CHECK_ORDER: readonly BarColumn[] = ['date', 'open', 'high', 'low', 'close', 'adjClose', 'volume'];
/** Columns that must be above 0, as the backtest engine requires. */
const PRICE_COLUMNS: ReadonlySet<BarColumn> = new Set(['open', 'high', 'low', 'close']);

/**
 * An incremental parse of one daily OHLCV CSV file held in memory. Start it with
 * `beginBarCsv`, then call `parseBarRows` until `isDone`, yielding in between.
 */
export interface BarCsvParse {
  readonly fileName: string;
  readonly text: string;
  readonly layout: CsvLayout;
  /** Rows read so far. */
  readonly columns: BarColumns;
  /** Every row in date order, once `isDone`. */
  series: BarSeries | null;
  isDone: boolean;
  /** Offset of the next unread character. */
  offset: number;
  /** 1-based number of the line at `offset`. */
  line: number;
  order: 'ascending' | 'descending' | 'mixed';
  /** Every date seen and its line, kept only once dates stop being monotonic. */
  seenDates: Map<string, number> | null;
  /** Later dates are refused: a year past the `today` the parse began with. */
  latestDate: string;
  /** Bars whose Open or Close lies outside their Low–High range: vendor glitches, kept but counted. */
  barsOutsideRange: number;
  /** Line of the first such bar; 0 while there is none. */
  firstLineOutsideRange: number;
}

/**
 * Reads the header (skipping a BOM and blank lines) and returns the parse state; rows
 * dated more than a year after `today` will be refused.
 * Throws AppError 'invalid' for an empty file or a missing or unusable header.
 */
export function beginBarCsv(fileName: string, text: string, today: Date): BarCsvParse {
  let offset = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  while (offset < text.length) {
    const { end, next } = lineBounds(text, offset);
    if (!isBlank(text, offset, end)) {
      const layout = readCsvHeader(fileName, text.slice(offset, end), line);
      // Sized from the line count up front, so the columns rarely need to grow.
      const expectedRows = countLineBreaks(text, next, text.length) + 1;
      return {
        fileName,
        text,
        layout,
        columns: createBarColumns(expectedRows),
        series: null,
        isDone: false,
        offset: next,
        line: line + 1,
        order: 'ascending',
        seenDates: null,
        latestDate: aYearAfter(today),
        barsOutsideRange: 0,
        firstLineOutsideRange: 0,
      };
    }
    offset = next;
    line += 1;
  }
  throw new AppError('invalid', `${fileName} is empty.`, { file: fileName });
}

/**
 * Reads up to `maxRows` more rows into `parse.columns` and returns how many it read.
 * Throws AppError 'invalid' naming file and line at the first bad row. At the end of
 * the text, sets `series` (every row, in date order) and `isDone`.
 */
export function parseBarRows(parse: BarCsvParse, maxRows: number): number {
  const { text, layout, latestDate } = parse;
  const { columnCount } = layout;
  // Plain locals: the loop below runs for every row of every file.
  const { date: dateIndex, open: openIndex, high: highIndex, low: lowIndex, close: closeIndex } = layout.columns;
  const { adjClose: adjCloseIndex, volume: volumeIndex } = layout.columns;
  const starts = new Int32Array(columnCount);
  const ends = new Int32Array(columnCount);
  let read = 0;
  while (read < maxRows && parse.offset < text.length) {
    const start = parse.offset;
    const { end, next } = lineBounds(text, start);
    const line = parse.line;
    parse.offset = next;
    parse.line += 1;
    if (isBlank(text, start, end)) continue;

    let fields = 0;
    let fieldStart = start;
    for (;;) {
      let comma = text.indexOf(',', fieldStart);
      if (comma === -1 || comma > end) comma = end;
      if (fields < columnCount) {
        starts[fields] = fieldStart;
        ends[fields] = comma;
      }
      fields += 1;
      if (comma === end) break;
      fieldStart = comma + 1;
    }
    if (fields !== columnCount) reportColumnCount(parse, line, start, end, fields);

    const date = parseDateField(text, starts[dateIndex] ?? 0, ends[dateIndex] ?? 0);
    const open = parseDecimal(text, starts[openIndex] ?? 0, ends[openIndex] ?? 0);
    const high = parseDecimal(text, starts[highIndex] ?? 0, ends[highIndex] ?? 0);
    const low = parseDecimal(text, starts[lowIndex] ?? 0, ends[lowIndex] ?? 0);
    const close = parseDecimal(text, starts[closeIndex] ?? 0, ends[closeIndex] ?? 0);
    const adjClose = adjCloseIndex === -1 ? null : readAdjClose(text, starts[adjCloseIndex] ?? 0, ends[adjCloseIndex] ?? 0);
    const volume = parseDecimal(text, starts[volumeIndex] ?? 0, ends[volumeIndex] ?? 0);
    // One test for the common case; NaN fails every comparison.
    const isValid =
      date !== null && open > 0 && high > 0 && low > 0 && close > 0 && volume >= 0 && (adjClose === null || adjClose >= 0);
    if (!isValid) reportBadField(parse, line, starts, ends);
    if (high < low) fail(parse, line, `High (${high}) is below Low (${low})`);
    if (date > latestDate) fail(parse, line, `Date ${date} is in the future (the latest accepted is ${latestDate})`);
    if (open < low || open > high || close < low || close > high) countOutsideRange(parse, line);
    checkDateIsNew(parse, date, line);

    const { columns } = parse;
    reserveRow(columns);
    const row = columns.length;
    const { series } = columns;
    series.dates[row] = date;
    series.open[row] = open;
    series.high[row] = high;
    series.low[row] = low;
    series.close[row] = close;
    series.adjClose[row] = adjClose ?? Number.NaN;
    series.volume[row] = volume;
    columns.lines[row] = line;
    columns.length = row + 1;
    read += 1;
  }
  if (parse.offset >= text.length && !parse.isDone) finish(parse);
  return read;
}

/** Parses a whole file at once: the header, every row, in date order, as columns. */
export function parseBarCsvSeries(fileName: string, text: string, today = new Date()): BarSeries {
  const parse = beginBarCsv(fileName, text, today);
  parseBarRows(parse, Number.POSITIVE_INFINITY);
  return parse.series ?? finishBarColumns(parse.columns, parse.order);
}

/** Parses a whole file at once: the header, every row, in date order, as row objects. */
export function parseBarCsv(fileName: string, text: string, today = new Date()): BarRow[] {
  return rowsFromSeries(parseBarCsvSeries(fileName, text, today));
}

/** The warning for a file with bars outside their range, which are `kept` (imported or used) as they are; null when it has none. */
export function describeBarsOutsideRange(parse: BarCsvParse, kept: 'imported' | 'used'): string | null {
  const count = parse.barsOutsideRange;
  if (count === 0) return null;
  const bars = count === 1 ? '1 bar has its' : `${count} bars have their`;
  return (
    `${parse.fileName}: ${bars} Open or Close outside the Low–High range (first on line ${parse.firstLineOutsideRange}); ` +
    `${kept} as they are`
  );
}

/** 'YYYY-MM-DD' a year after `today` (UTC); a 29 February stays one, which compares the same. */
function aYearAfter(today: Date): string {
  const iso = today.toISOString();
  return `${String(Number(iso.slice(0, 4)) + 1).padStart(4, '0')}${iso.slice(4, 10)}`;
}

function countOutsideRange(parse: BarCsvParse, line: number): void {
  if (parse.barsOutsideRange === 0) parse.firstLineOutsideRange = line;
  parse.barsOutsideRange += 1;
}

/** A quoted comma (`"1,000"`) splits a field in two: say so rather than count columns. */
function reportColumnCount(parse: BarCsvParse, line: number, start: number, end: number, fields: number): never {
  const { text } = parse;
  const quote = text.indexOf('"', start);
  if (fields > parse.layout.columnCount && quote !== -1 && quote < end) {
    const closing = text.indexOf('"', quote + 1);
    const field = text.slice(quote, closing === -1 || closing >= end ? end : closing + 1);
    fail(
      parse,
      line,
      `quoted fields with a comma inside are not supported (${field}); export the file without thousands separators`,
    );
  }
  return fail(parse, line, `expected ${parse.layout.columnCount} columns, found ${fields}`);
}

/** Adj Close is optional per row too: an empty field means the source had none. */
function readAdjClose(text: string, start: number, end: number): number | null {
  const value = parseDecimal(text, start, end);
  return Number.isNaN(value) && isBlank(text, start, end) ? null : value;
}

/** Names the first bad field of a row, in the order a reader scans the columns. */
function reportBadField(parse: BarCsvParse, line: number, starts: Int32Array, ends: Int32Array): never {
  const { text, layout } = parse;
  for (const column of CHECK_ORDER) {
    const index = layout.columns[column];
    if (index === -1) continue;
    const start = starts[index] ?? 0;
    const end = ends[index] ?? 0;
    const label = COLUMN_LABELS[column];
    if (column === 'date') {
      if (parseDateField(text, start, end) === null) {
        fail(parse, line, `Date is not a valid YYYY-MM-DD date (${quoteField(text, start, end)})`);
      }
      continue;
    }
    const value = column === 'adjClose' ? readAdjClose(text, start, end) : parseDecimal(text, start, end);
    if (value === null) continue;
    if (Number.isNaN(value)) {
      if (isBlank(text, start, end)) fail(parse, line, `${label} is empty`);
      fail(parse, line, `${label} is not a number (${quoteField(text, start, end)})`);
    }
    if (value < 0) fail(parse, line, `${label} is negative (${value})`);
    if (value === 0 && PRICE_COLUMNS.has(column)) fail(parse, line, `${label} is 0; prices must be above 0`);
  }
  return fail(parse, line, 'the row could not be read');
}

/** Monotonic dates need no set to rule out duplicates; only unordered files pay for one. */
function checkDateIsNew(parse: BarCsvParse, date: string, line: number): void {
  const { columns } = parse;
  const count = columns.length;
  if (parse.seenDates === null && count > 0) {
    const previous = columns.series.dates[count - 1] ?? '';
    if (date === previous) duplicate(parse, date, line, columns.lines[count - 1] ?? 0);
    const isAfter = date > previous;
    if (count === 1) parse.order = isAfter ? 'ascending' : 'descending';
    if ((parse.order === 'ascending') === isAfter) return;
    parse.order = 'mixed';
    parse.seenDates = new Map();
    for (let index = 0; index < count; index += 1) {
      parse.seenDates.set(columns.series.dates[index] ?? '', columns.lines[index] ?? 0);
    }
  }
  if (parse.seenDates === null) return;
  const earlier = parse.seenDates.get(date);
  if (earlier !== undefined) duplicate(parse, date, line, earlier);
  parse.seenDates.set(date, line);
}

function duplicate(parse: BarCsvParse, date: string, line: number, earlierLine: number): never {
  return fail(parse, line, `Date ${date} appears twice (also on line ${earlierLine})`);
}

function finish(parse: BarCsvParse): void {
  parse.series = finishBarColumns(parse.columns, parse.order);
  parse.seenDates = null;
  parse.isDone = true;
}

function lineBounds(text: string, offset: number): { end: number; next: number } {
  const newline = text.indexOf('\n', offset);
  const lineEnd = newline === -1 ? text.length : newline;
  const end = lineEnd > offset && text.charCodeAt(lineEnd - 1) === 13 ? lineEnd - 1 : lineEnd;
  return { end, next: lineEnd + 1 };
}

function quoteField(text: string, start: number, end: number): string {
  const field = text.slice(start, Math.min(end, start + 40));
  return `"${field}${end - start > 40 ? '…' : ''}"`;
}

function fail(parse: BarCsvParse, line: number, problem: string): never {
  throw new AppError('invalid', `${parse.fileName} line ${line}: ${problem}`, { file: parse.fileName, line });
}
