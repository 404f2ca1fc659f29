import { AppError } from '../../shared/errors';
import type { PackedRunOutcome, RunOutcome } from './backtests-types';

/**
 * Typed-array blobs: little-endian Float64 for curves, Int32 day numbers (days since
 * 1970-01-01) for dates. Decoding checks lengths and throws AppError 'corrupt'.
 */

const DAY_MS = 86_400_000;

export function encodeFloat64(values: Float64Array): Buffer {
  return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
}

export function decodeFloat64(blob: unknown, what: string): Float64Array {
  if (!(blob instanceof Uint8Array) || blob.byteLength % 8 !== 0) {
    throw new AppError('corrupt', `The stored ${what} cannot be read: ${describeBlob(blob)} is not a whole number of 8-byte values.`);
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
    throw new AppError('corrupt', `The stored ${what} cannot be read: ${describeBlob(blob)} is not a whole number of 4-byte day numbers.`);
  }
  const days = new Int32Array(new Uint8Array(blob).buffer);
  return Array.from(days, (day) => new Date(day * DAY_MS).toISOString().slice(0, 10));
}

function describeBlob(blob: unknown): string {
  return blob instanceof Uint8Array ? `${blob.byteLength} bytes` : `a ${blob === null ? 'missing' : typeof blob} value`;
}

/** Curves as base64 blobs: what a sweep cell sends main, whose JSON costs main a string copy, not a number per bar. */
export interface PackedCurves {
  packed: { dates: string; equity: string; drawdown: string; buyAndHold: string };
}

/** A symbol's dates are one array shared by every cell run on its bars: encode it once. */
const packedDates = new WeakMap<readonly string[], string>();

export function packCurves(curves: { dates: string[]; equity: Float64Array; drawdown: Float64Array; buyAndHold: Float64Array }): PackedCurves {
  let dates = packedDates.get(curves.dates);
  if (dates === undefined) {
    dates = encodeDates(curves.dates).toString('base64');
    packedDates.set(curves.dates, dates);
  }
  return {
    packed: {
      dates,
      equity: encodeFloat64(curves.equity).toString('base64'),
      drawdown: encodeFloat64(curves.drawdown).toString('base64'),
      buyAndHold: encodeFloat64(curves.buyAndHold).toString('base64'),
    },
  };
}

export function unpackCurves(curves: PackedCurves): { dates: string[]; equity: Float64Array; drawdown: Float64Array; buyAndHold: Float64Array } {
  const { packed } = curves;
  return {
    dates: decodeDates(Buffer.from(packed.dates, 'base64'), 'dates'),
    equity: decodeFloat64(Buffer.from(packed.equity, 'base64'), 'equity'),
    drawdown: decodeFloat64(Buffer.from(packed.drawdown, 'base64'), 'drawdown'),
    buyAndHold: decodeFloat64(Buffer.from(packed.buyAndHold, 'base64'), 'buy-and-hold'),
  };
}

export function packOutcome(outcome: RunOutcome): PackedRunOutcome {
  return {
    ...outcome,
    symbols: outcome.symbols.map((symbol) => ({ ...symbol, curves: symbol.curves ? packCurves(symbol.curves) : null })),
    combined: outcome.combined && { stats: outcome.combined.stats, curves: outcome.combined.curves ? packCurves(outcome.combined.curves) : null },
  };
}

export function unpackOutcome(outcome: PackedRunOutcome): RunOutcome {
  return {
    ...outcome,
    symbols: outcome.symbols.map((symbol) => ({ ...symbol, curves: symbol.curves ? unpackCurves(symbol.curves) : null })),
    combined: outcome.combined && { stats: outcome.combined.stats, curves: outcome.combined.curves ? unpackCurves(outcome.combined.curves) : null },
  };
}
