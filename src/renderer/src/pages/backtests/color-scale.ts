/** Viridis stops: perceptually even, readable on light and dark surfaces, colour-blind safe. */
const STOPS: readonly [number, number, number][] = [
  [68, 1, 84],
  [72, 40, 120],
  [62, 74, 137],
  [49, 104, 142],
  [38, 130, 142],
  [31, 158, 137],
  [53, 183, 121],
  [109, 205, 89],
  [180, 222, 44],
  [253, 231, 37],
];

/** The colour of `t` in [0, 1]. */
export function colorAt(t: number): string {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0));
  const position = clamped * (STOPS.length - 1);
  const index = Math.min(STOPS.length - 2, Math.floor(position));
  const mix = position - index;
  const [r1, g1, b1] = STOPS[index]!;
  const [r2, g2, b2] = STOPS[index + 1]!;
  const channel = (a: number, b: number) => Math.round(a + (b - a) * mix);
  return `rgb(${channel(r1, r2)} ${channel(g1, g2)} ${channel(b1, b2)})`;
}

/** Text that stays readable on `colorAt(t)`. */
export function textOn(t: number): string {
  return t > 0.62 ? '#1a1d23' : '#ffffff';
}

/** CSS gradient of the scale, for the legend. */
export function legendGradient(): string {
  return `linear-gradient(to right, ${STOPS.map(([r, g, b], index) => `rgb(${r} ${g} ${b}) ${Math.round((index / (STOPS.length - 1)) * 100)}%`).join(', ')})`;
}
