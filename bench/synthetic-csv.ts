import { writeFileSync } from 'node:fs';

/** Writes `rows` plausible daily bars (a random walk on business days) as a CSV; returns the path. */
export function writeSyntheticCsv(path: string, rows: number): string {
  const lines = ['Date,Open,High,Low,Close,Adj Close,Volume'];
  let day = Date.UTC(1900, 0, 1);
  let price = 100;
  for (let index = 0; index < rows; index++) {
    while ([0, 6].includes(new Date(day).getUTCDay())) day += 86_400_000;
    const open = price;
    price = Math.max(1, price * (1 + Math.sin(index * 12.9898) * 0.01));
    const high = Math.max(open, price) * 1.005;
    const low = Math.min(open, price) * 0.995;
    const date = new Date(day).toISOString().slice(0, 10);
    lines.push(`${date},${open.toFixed(4)},${high.toFixed(4)},${low.toFixed(4)},${price.toFixed(4)},${price.toFixed(4)},${1000 + (index % 5000)}`);
    day += 86_400_000;
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}
