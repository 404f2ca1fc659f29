import { AppError } from '../../shared/errors';
import { parseDateField, parseDecimal, unquote } from './csv-fields';

export type BarColumn = 'date' | 'open' | 'high' | 'low' | 'close' | 'adjClose' | 'volume';

/** Where each bar column sits in a row of a given file. */
export interface CsvLayout {
  /** Column index of each bar field; `adjClose` is -1 when the file has none. */
  columns: Record<BarColumn, number>;
  /** Fields every row must have. */
  columnCount: number;
}

/** How columns are named in messages, in the order rows are checked. */
export const COLUMN_LABELS: Record<BarColumn, string> = {
  date: 'Date',
  open: 'Open',
  high: 'High',
  low: 'Low',
  close: 'Close',
  adjClose: 'Adj Close',
  volume: 'Volume',
};

const REQUIRED_COLUMNS: readonly BarColumn[] = ['date', 'open', 'high', 'low', 'close', 'volume'];

/** Header names, lower-cased with everything but letters and digits removed. */
const NAME_TO_COLUMN: Record<string, BarColumn> = {
  date: 'date',
  datetime: 'date',
  timestamp: 'date',
  open: 'open',
  high: 'high',
  low: 'low',
  close: 'close',
  adjclose: 'adjClose',
  adjustedclose: 'adjClose',
  volume: 'volume',
  vol: 'volume',
};

/**
 * Reads a header line: column names in any order and case, `Adj Close` optional,
 * other columns ignored, and an unnamed column taken as the date (pandas writes
 * its index that way). A first line that looks like data is refused.
 */
export function readCsvHeader(fileName: string, text: string, lineNumber: number): CsvLayout {
  const fields = text.split(',');
  const at = `${fileName} line ${lineNumber}`;
  const otherSeparator = [';', '\t', '|'].find((separator) => text.includes(separator));
  if (fields.length === 1 && otherSeparator !== undefined) {
    const shown = otherSeparator === '\t' ? 'tabs' : `"${otherSeparator}"`;
    throw new AppError('invalid', `${at}: columns are separated by ${shown}; Quantdesk reads comma-separated files.`, {
      file: fileName,
      line: lineNumber,
    });
  }
  if (looksLikeData(fields)) {
    throw new AppError(
      'invalid',
      `${at}: the first line is data, not a header. Add a header line such as Date,Open,High,Low,Close,Volume.`,
      { file: fileName, line: lineNumber },
    );
  }
  const columns: Record<BarColumn, number> = { date: -1, open: -1, high: -1, low: -1, close: -1, adjClose: -1, volume: -1 };
  let unnamed = -1;
  fields.forEach((field, index) => {
    const name = unquote(field)
      .toLowerCase()
      .replace(/[^a-z0-9]/g, '');
    if (name === '') {
      if (unnamed === -1) unnamed = index;
      return;
    }
    const column = NAME_TO_COLUMN[name];
    if (column === undefined) return;
    if (columns[column] !== -1) {
      throw new AppError('invalid', `${at}: the header names ${COLUMN_LABELS[column]} twice.`, {
        file: fileName,
        line: lineNumber,
      });
    }
    columns[column] = index;
  });
  if (columns.date === -1) columns.date = unnamed;
  const missing = REQUIRED_COLUMNS.filter((column) => columns[column] === -1);
  if (missing.length > 0) {
    const found = fields.map((field) => unquote(field) || '(unnamed)').join(', ');
    throw new AppError(
      'invalid',
      `${at}: the header has no ${missing.map((column) => COLUMN_LABELS[column]).join(', ')} column` +
        `${missing.length > 1 ? 's' : ''} (found: ${found}). ` +
        'Expected Date, Open, High, Low, Close, Volume and optionally Adj Close, comma-separated.',
      { file: fileName, line: lineNumber, missing },
    );
  }
  return { columns, columnCount: fields.length };
}

function looksLikeData(fields: readonly string[]): boolean {
  const first = fields[0] ?? '';
  if (parseDateField(first, 0, first.length) !== null) return true;
  const numbers = fields.filter((field) => !Number.isNaN(parseDecimal(field, 0, field.length))).length;
  return numbers >= 2;
}
