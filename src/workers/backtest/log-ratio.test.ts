import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isMiddle, logMiddle, logNearOne } from './log-ratio';

const bits = new BigInt64Array(1);
const float = new Float64Array(bits.buffer);

/** Doubles between a and b (same sign), counted in units in the last place. */
function ulpDistance(a: number, b: number): number {
  float[0] = a;
  const x = bits[0]!;
  float[0] = b;
  const y = bits[0]!;
  return Number(x > y ? x - y : y - x);
}

/** The `steps`-th double after x (before it for negative steps); x positive. */
function nextDouble(x: number, steps = 1): number {
  float[0] = x;
  bits[0] = bits[0]! + BigInt(steps);
  return float[0]!;
}

/** fdlibm's branch bounds (see log-ratio.ts), each the smallest double with its high word. */
const BOUNDS = [
  0.5 + 0x6a09c / 2 ** 21, // k = 0 from here…
  1 + 0x6a09c / 2 ** 20, // …up to here
  0.5 + 0x6b852 / 2 ** 21, // middle branch from here…
  1 + 0x6147a / 2 ** 20, // …up to here
  1 - 2 ** -20, // |f| < 2^-20 from here…
  1 + 2 ** -20, // …up to here
  1,
  Math.SQRT1_2,
  Math.SQRT2,
  0.5,
  2,
];

const SEED = 20_240_917;

/** Ratios near 1 as equity makes them: up to ±50 %, and down to a part in 10^16. */
const ratioNearOne = fc.oneof(
  fc.double({ min: 0.5, max: 2, noNaN: true }),
  fc.double({ min: -30, max: -0.3, noNaN: true }).chain((exponent) =>
    fc.boolean().map((isDown) => 1 + (isDown ? -1 : 1) * 10 ** exponent),
  ),
);

describe('logNearOne (fdlibm log, k = 0 path inline)', () => {
  it('gives Math.log within an ulp at every branch bound and the 64 doubles either side', () => {
    for (const bound of BOUNDS) {
      for (let step = -64; step <= 64; step++) {
        const x = nextDouble(bound, step);
        expect(ulpDistance(logNearOne(x), Math.log(x)), `x = ${x}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it('gives Math.log within an ulp for ratios near 1', () => {
    fc.assert(
      fc.property(ratioNearOne, (x) => ulpDistance(logNearOne(x), Math.log(x)) <= 1),
      { seed: SEED, numRuns: 20_000 },
    );
  });

  it('gives Math.log itself outside [√2/2, √2] and for the special values', () => {
    for (const x of [0, -0, -1, 0.25, 0.7, 1.5, 3, 1e300, 5e-324, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(logNearOne(x), `x = ${x}`).toBe(Math.log(x));
    }
    expect(logNearOne(Number.NaN)).toBeNaN();
    expect(Object.is(logNearOne(1), 0)).toBe(true);
  });
});

describe('isMiddle and logMiddle (the formula for usual ratios, without a branch)', () => {
  it('logMiddle(x − 1) is logNearOne(x) bit for bit wherever isMiddle(x − 1)', () => {
    fc.assert(
      fc.property(ratioNearOne, (x) => !isMiddle(x - 1) || Object.is(logMiddle(x - 1), logNearOne(x))),
      { seed: SEED, numRuns: 20_000 },
    );
    for (const bound of BOUNDS) {
      for (let step = -64; step <= 64; step++) {
        const x = nextDouble(bound, step);
        if (isMiddle(x - 1)) expect(Object.is(logMiddle(x - 1), logNearOne(x)), `x = ${x}`).toBe(true);
      }
    }
  });

  it('takes no |f| of 2^-20 or less but 0, and every one just above', () => {
    const tiny = 2 ** -20;
    expect(isMiddle(0)).toBe(true);
    expect(isMiddle(-0)).toBe(true);
    expect(isMiddle(tiny)).toBe(false);
    expect(isMiddle(-tiny)).toBe(false);
    expect(isMiddle(nextDouble(tiny, -1))).toBe(false);
    expect(isMiddle(-nextDouble(tiny, -1))).toBe(false);
    expect(isMiddle(nextDouble(tiny))).toBe(true);
    expect(isMiddle(-nextDouble(tiny))).toBe(true);
  });

  it('takes no ratio outside fdlibm’s middle branch, and the usual moves of up to ±28 %', () => {
    const below = 0.5 + 0x6b852 / 2 ** 21;
    const above = 1 + 0x6147a / 2 ** 20;
    for (let step = 1; step <= 64; step++) {
      expect(isMiddle(nextDouble(below, -step) - 1)).toBe(false);
      expect(isMiddle(nextDouble(above, step - 1) - 1)).toBe(false);
    }
    for (const x of [0, 0.5, 2, 3, Number.POSITIVE_INFINITY]) expect(isMiddle(x - 1), `x = ${x}`).toBe(false);
    expect(isMiddle(Number.NaN)).toBe(false);
    for (const x of [0.72, 0.9, 0.99, 0.999999, 1.000001, 1.01, 1.1, 1.28]) expect(isMiddle(x - 1), `x = ${x}`).toBe(true);
  });
});
