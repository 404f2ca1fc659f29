/**
 * The natural logarithm of a ratio near 1 without a call out of JavaScript, bit for bit
 * what Math.log gives.
 *
 * V8's Math.log is fdlibm's `__ieee754_log` (e_log.c, ported in V8's base/ieee754.cc), a C
 * call costing ~11 ns: more than the rest of a statistics pass over a bar. The ratio of two
 * consecutive equities is almost always within [√2/2, √2], where fdlibm reduces its argument
 * by no power of two (k = 0) and log(x) is a polynomial in f = x − 1 alone. The functions
 * below are that path, operation for operation, so they give the very bits fdlibm gives (a C
 * compiler fusing a multiply-add could change one; V8's x86-64 builds do not) and, where it
 * does not apply, call Math.log. (The newest V8s take Math.log from LLVM's libc instead,
 * correctly rounded: there these still give fdlibm's bits, within an ulp of Math.log's.)
 *
 * fdlibm picks its branches on the high word of x; each bound below is the smallest double
 * with the high word where a branch starts, so comparing x itself picks the same branch.
 */

/** fdlibm's k = 0 range: high word 0x3fe6a09c (x ≈ 0.7071) up to, not including, 0x3ff6a09c (x ≈ 1.4142). */
const K0_LOW = 0.5 + 0x6a09c / 2 ** 21;
const K0_HIGH = 1 + 0x6a09c / 2 ** 20;
/** |f| < 2^-20 by fdlibm's `(0x000fffff & (2 + hx)) < 3`: high word 0x3feffffe (x = 1 − 2^-20) up to 0x3ff00001 (x = 1 + 2^-20). */
const TINY_LOW = 1 - 2 ** -20;
const TINY_HIGH = 1 + 2 ** -20;
/**
 * fdlibm's `i = hx - 0x6147a; j = 0x6b851 - hx; if ((i | j) > 0)`: from x = 1 + 0x6147a·2^-20
 * (≈ 1.38) up, and below high word 0x3fe6b852 (x ≈ 0.71), log(1 + f) is
 * f − (hfsq − s·(hfsq + R)); between them it is f − s·(f − R) (`logMiddle`).
 */
const HFSQ_ABOVE = 1 + 0x6147a / 2 ** 20;
const HFSQ_BELOW = 0.5 + 0x6b852 / 2 ** 21;
/**
 * `isMiddle` bounds on f²: (1 − HFSQ_BELOW)², the nearer of the middle range's two ends (f²
 * rounds monotonically, so f² below it means |f| below 1 − HFSQ_BELOW), and the double just
 * above 2^-40, which f² reaches only for |f| > 2^-20.
 */
const MIDDLE_F2 = (1 - HFSQ_BELOW) * (1 - HFSQ_BELOW);
const TINY_F2 = 2 ** -40 * (1 + 2 ** -52);

const Lg1 = 6.666666666666735130e-1;
const Lg2 = 3.999999999940941908e-1;
const Lg3 = 2.857142874366239149e-1;
const Lg4 = 2.222219843214978396e-1;
const Lg5 = 1.818357216161805012e-1;
const Lg6 = 1.531383769920937332e-1;
const Lg7 = 1.479819860511658591e-1;

/**
 * Whether Math.log(x) is `logMiddle(x − 1)`: x within fdlibm's middle branch, |x − 1| above
 * 2^-20 or x exactly 1. Given f = x − 1 as a double: for x outside [0.5, 2], where that is
 * inexact, it is far outside (f² ≥ 0.25), and NaN is not middle.
 */
export function isMiddle(f: number): boolean {
  const f2 = f * f;
  return f2 < MIDDLE_F2 && (f2 >= TINY_F2 || f === 0);
}

/** fdlibm's log(1 + f) for f = x − 1 in its middle branch: Math.log(x) whenever `isMiddle(f)`; some other number elsewhere. */
export function logMiddle(f: number): number {
  const s = f / (2 + f);
  return f - s * (f - polynomial(s * s));
}

/**
 * 2·atanh(s), which is log((1 + s) / (1 − s)): log(v / u) for s = (v − u) / (v + u), without
 * dividing v by u first. fdlibm's log(1 + f) is f − s·(f − R) with s = f / (2 + f), and
 * f − s·f is 2s: this is the same polynomial, summed as 2s + s·R, within 2 ulps of log(v / u)
 * for v / u in fdlibm's k = 0 range ([√2/2, √2]), and not close to it beyond. (Math.log of v / u
 * rounded is log(v / u) to within half an ulp of v / u, and so may differ by more.)
 */
export function twiceAtanh(s: number): number {
  return s * (2 + polynomial(s * s));
}

/** fdlibm's R(z) = Lg1·z + Lg2·z² + … + Lg7·z⁷ for z = s², summed as e_log.c sums it. */
function polynomial(z: number): number {
  const w = z * z;
  const t1 = w * (Lg2 + w * (Lg4 + w * Lg6));
  const t2 = z * (Lg1 + w * (Lg3 + w * (Lg5 + w * Lg7)));
  return t2 + t1;
}

/** Math.log(x), computed inline for x in [√2/2, √2] (fdlibm's k = 0 path), by Math.log elsewhere. */
export function logNearOne(x: number): number {
  if (!(x >= K0_LOW && x < K0_HIGH)) return Math.log(x);
  // Exact: x is within a factor of 2 of 1 (Sterbenz).
  const f = x - 1;
  if (x >= TINY_LOW && x < TINY_HIGH) {
    if (f === 0) return 0;
    // fdlibm writes 0.33333333333333333: the same double.
    return f - f * f * (0.5 - 0.3333333333333333 * f);
  }
  if (x >= HFSQ_BELOW && x < HFSQ_ABOVE) return logMiddle(f);
  const s = f / (2 + f);
  const hfsq = 0.5 * f * f;
  return f - (hfsq - s * (hfsq + polynomial(s * s)));
}
