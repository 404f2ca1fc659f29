import { AppError } from '../../shared/errors';

/**
 * Typed-array blobs: little-endian Float64 for curves, Int32 day numbers (days since
 * 1970-01-01) for dates. Decoding checks lengths (and dates their range and order) and
 * throws AppError 'corrupt'.
 */

const DAY_MS = 86_400_000;
/** Day numbers of 0001-01-01 and 9999-12-31: beyond them a day is no 'YYYY-MM-DD' date (or no date at all). */
const FIRST_DAY = Date.parse('0001-01-01') / DAY_MS;
const LAST_DAY = Date.parse('9999-12-31') / DAY_MS;

export function encodeFloat64(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function decodeFloat64(blob: unknown, what: string): Float64Array {
  if (!(blob instanceof Uint8Array) || blob.byteLength % 8 !== 0) {
    throw new AppError('corrupt', `The stored ${what} cannot be read: ${describeBlob(blob)} is not a whole number of 8-byte values`);
  }
  // Copy into a fresh, aligned buffer.
  return new Float64Array(new Uint8Array(blob).buffer);
}

export function encodeDates(dates: readonly string[]): Buffer {
  const days = new Int32Array(dates.length);
  for (let index = 0; index < dates.length; index++) {
    const date = dates[index]!;
    days[index] = Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / DAY_MS;
  }
  return Buffer.from(days.buffer, days.byteOffset, days.byteLength);
}

export function decodeDates(blob: unknown, what: string): string[] {
  if (!(blob instanceof Uint8Array) || blob.byteLength % 4 !== 0) {
    throw new AppError('corrupt', `The stored ${what} cannot be read: ${describeBlob(blob)} is not a whole number of 4-byte day numbers`);
  }
  const days = new Int32Array(new Uint8Array(blob).buffer);
  days.forEach((day, index) => {
    if (day < FIRST_DAY || day > LAST_DAY) {
      throw new AppError('corrupt', `The stored ${what} cannot be read: day number ${day} (at ${index}) is not a date between 0001-01-01 and 9999-12-31`);
    }
    if (index > 0 && day <= days[index - 1]!) {
      throw new AppError('corrupt', `The stored ${what} cannot be read: the dates do not increase (day number ${day} at ${index} follows ${days[index - 1]})`);
    }
  });
  return Array.from(days, (day) => new Date(day * DAY_MS).toISOString().slice(0, 10));
}

function describeBlob(blob: unknown): string {
  return blob instanceof Uint8Array ? `${blob.byteLength} bytes` : `a ${blob === null ? 'missing' : typeof blob} value`;
}
