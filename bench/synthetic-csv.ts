import { writeFileSync } from 'node:fs';

const DAY_MS = 86_400_000;
/** Imports refuse dates more than a year ahead, so the bars end in the past, on this day. */
const LAST_DAY_MS = Date.UTC(2019, 11, 31);
const FIRST_DAY_MS = Date.parse('0001-01-01T00:00:00Z');
/** Rows one file can hold: one a calendar day from 0001-01-01, about 737,000. */
export const MAX_SYNTHETIC_ROWS = (LAST_DAY_MS - FIRST_DAY_MS) / DAY_MS + 1;

/** Writes `rows` plausible daily bars (a random walk, one a calendar day) as a CSV; returns the path. */
export function writeSyntheticCsv(path: string, rows: number): string {
  if (rows > MAX_SYNTHETIC_ROWS) throw new RangeError(`At most ${MAX_SYNTHETIC_ROWS} daily rows end in the past; asked for ${rows}`);
  const lines = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  let day = LAST_DAY_MS - (rows - 1) * DAY_MS;
  let price = 100;
  for (let index = 0; index < rows; index++) {
    const open = price;
    price = Math.max(1, price * (1 + Math.sin(index * 12.9898) * 0.01));
    const high = Math.max(open, price) * 1.005;
    const low = Math.min(open, price) * 0.995;
    const date = new Date(day).toISOString().slice(0, 10);
    lines.push(`${date},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${price.toFixed(4)},${price.toFixed(4)},${1000 + (index % 5000)}`);
    day += DAY_MS;
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
