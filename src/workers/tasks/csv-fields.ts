/**
 * Field readers for the CSV parser. They work on a slice of the file's text
 * (start inclusive, end exclusive) so the hot loop allocates nothing per field.
 */

const POWERS_OF_TEN = Array.from({ length: 23 }, (_, exponent) => 10 ** exponent);
/** Up to 15 decimal digits fit a double's 53-bit mantissa exactly. */
const MAX_EXACT_DIGITS = 15;
const STRICT_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;
const TIME_OF_DAY = /^[ T]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?$/;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * Reads a plain decimal ('12', '-0.5', '1.640625'); NaN when the field is not a number.
 * The fast path is exact: an integer below 2^53 divided by an exactly representable
 * power of ten is correctly rounded, the same double `Number()` gives.
 */
export function parseDecimal(text: string, start: number, end: number): number {
  let index = start;
  let isNegative = false;
  const sign = text.charCodeAt(index);
  if (sign === 45 /* - */) {
    isNegative = true;
    index += 1;
  } else if (sign === 43 /* + */) {
    index += 1;
  }
  let mantissa = 0;
  let digits = 0;
  let fractionDigits = 0;
  let hasPoint = false;
  for (; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code >= 48 && code <= 57) {
      mantissa = mantissa * 10 + (code - 48);
      digits += 1;
      if (hasPoint) fractionDigits += 1;
    } else if (code === 46 /* . */ && !hasPoint) {
      hasPoint = true;
    } else {
      return parseUnusualNumber(text.slice(start, end));
    }
  }
  if (digits === 0 || digits > MAX_EXACT_DIGITS) return parseUnusualNumber(text.slice(start, end));
  const value = fractionDigits === 0 ? mantissa : mantissa / (POWERS_OF_TEN[fractionDigits] ?? Number.NaN);
  return isNegative ? -value : value;
}

/** Exponents, long mantissas, padding and quotes: rare, so clarity over speed. NaN past a double's range ('1e400'). */
function parseUnusualNumber(field: string): number {
  const trimmed = unquote(field);
  const value = STRICT_NUMBER.test(trimmed) ? Number(trimmed) : Number.NaN;
  return Number.isFinite(value) ? value : Number.NaN;
}

/**
 * Reads a 'YYYY-MM-DD' date, also with a time of day after it ('YYYY-MM-DD HH:MM:SS',
 * which is dropped). Returns the date part, or null when the field is not a valid date.
 */
export function parseDateField(text: string, start: number, end: number): string | null {
  if (end - start < 10 || !isIsoDateAt(text, start)) return parseUnusualDate(text.slice(start, end));
  const date = text.slice(start, start + 10);
  if (end - start === 10) return date;
  return TIME_OF_DAY.test(text.slice(start + 10, end)) ? date : parseUnusualDate(text.slice(start, end));
}

function parseUnusualDate(field: string): string | null {
  const trimmed = unquote(field);
  if (trimmed === field) return null;
  return parseDateField(trimmed, 0, trimmed.length);
}

function isIsoDateAt(text: string, at: number): boolean {
  if (text.charCodeAt(at + 4) !== 45 || text.charCodeAt(at + 7) !== 45) return false;
  const year = digitsAt(text, at, 4);
  const month = digitsAt(text, at + 5, 2);
  const day = digitsAt(text, at + 8, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1) return false;
  const isLeapYear = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  const monthDays = month === 2 && isLeapYear ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0);
  return day <= monthDays;
}

/** The number written by `count` digits at `at`, or -1 if any is not a digit. */
function digitsAt(text: string, at: number, count: number): number {
  let value = 0;
  for (let index = at; index < at + count; index += 1) {
    const code = text.charCodeAt(index);
    if (code < 48 || code > 57) return -1;
    value = value * 10 + (code - 48);
  }
  return value;
}

/** True when the slice holds only spaces and tabs (a blank line). */
export function isBlank(text: string, start: number, end: number): boolean {
  for (let index = start; index < end; index += 1) {
    const code = text.charCodeAt(index);
    if (code !== 32 && code !== 9) return false;
  }
  return true;
}

/** Strips surrounding whitespace and one pair of double quotes. */
export function unquote(field: string): string {
  const trimmed = field.trim();
  return trimmed.length >= 2 && trimmed.startsWith('"') && trimmed.endsWith('"') ? trimmed.slice(1, -1).trim() : trimmed;
}

/** Line breaks in the slice: a file's data rows are about this many. */
export function countLineBreaks(text: string, start: number, end: number): number {
  let count = 0;
  let index = text.indexOf('\n', start);
  while (index !== -1 && index < end) {
    count += 1;
    index = text.indexOf('\n', index + 1);
  }
  return count;
}
