/** A count as every message writes counts: `3,173`, whatever the process's locale. */
export function countText(count: number): string {
  return count.toLocaleString('en-US');
}
