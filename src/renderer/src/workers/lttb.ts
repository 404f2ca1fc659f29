/**
 * Largest-Triangle-Three-Buckets downsampling (Steinarsson, 2013): keeps the first and
 * last points and, per bucket, the point forming the largest triangle with the point
 * kept before it and the average of the next bucket. Peaks and troughs survive, which
 * plain striding would drop. Answers the indexes kept, ascending, so several series
 * sharing an x axis can be thinned alike.
 */
export function lttbIndexes(xs: ArrayLike<number>, ys: ArrayLike<number>, threshold: number): number[] {
  const length = Math.min(xs.length, ys.length);
  if (threshold >= length || length <= 2) return Array.from({ length }, (_, index) => index);
  if (threshold < 3) return threshold <= 1 ? [0] : [0, length - 1];
  const kept: number[] = [0];
  const bucketSize = (length - 2) / (threshold - 2);
  let previous = 0;
  for (let bucket = 0; bucket < threshold - 2; bucket += 1) {
    const start = Math.floor(bucket * bucketSize) + 1;
    const end = Math.min(Math.floor((bucket + 1) * bucketSize) + 1, length - 1);
    const nextStart = end;
    const nextEnd = Math.min(Math.floor((bucket + 2) * bucketSize) + 1, length);
    let averageX = 0;
    let averageY = 0;
    const nextCount = Math.max(1, nextEnd - nextStart);
    for (let index = nextStart; index < nextStart + nextCount && index < length; index += 1) {
      averageX += xs[index]!;
      averageY += ys[index]!;
    }
    averageX /= nextCount;
    averageY /= nextCount;
    const previousX = xs[previous]!;
    const previousY = ys[previous]!;
    let bestArea = -1;
    let best = start;
    for (let index = start; index < end; index += 1) {
      const area = Math.abs((previousX - averageX) * (ys[index]! - previousY) - (previousX - xs[index]!) * (averageY - previousY));
      if (area > bestArea) {
        bestArea = area;
        best = index;
      }
    }
    kept.push(best);
    previous = best;
  }
  kept.push(length - 1);
  return kept;
}

/** Downsamples `{x, y}` points with LTTB; the input is returned as is when short enough. */
export function lttb<P extends { x: number; y: number }>(points: readonly P[], threshold: number): P[] {
  const xs = points.map((point) => point.x);
  const ys = points.map((point) => point.y);
  return lttbIndexes(xs, ys, threshold).map((index) => points[index]!);
}
