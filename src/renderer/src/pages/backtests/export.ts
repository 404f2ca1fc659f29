import { STAT_KEYS, type SweepCellStatistics, type Trade } from '../../../../shared/backtest';

const TRADE_COLUMNS = ['symbol', 'size', 'entryBar', 'exitBar', 'entryTime', 'exitTime', 'entryPrice', 'exitPrice', 'pnl', 'returnPct', 'durationDays', 'commission'] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** A header row and a row of values per record, as CSV text. */
function csvText(header: readonly string[], rows: Iterable<readonly unknown[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

/** Trades as CSV with a header row; `returnPct` stays a fraction as stored. */
export function tradesToCsv(trades: readonly (Trade & { symbol: string })[]): string {
  return csvText(
    TRADE_COLUMNS,
    trades.map((trade) => TRADE_COLUMNS.map((column) => trade[column])),
  );
}

/**
 * A sweep's cells as CSV: a column per param (in `paramNames`' order, which also orders the
 * rows), then the cell's status, every statistic as stored (percentages in percent) and why
 * it failed. A failed cell's statistics are empty.
 */
export function sweepCellsToCsv(paramNames: readonly string[], cells: readonly SweepCellStatistics[]): string {
  const byParams = (left: SweepCellStatistics, right: SweepCellStatistics): number => {
    for (const name of paramNames) {
      const difference = (left.params[name] ?? 0) - (right.params[name] ?? 0);
      if (difference !== 0) return difference;
    }
    return 0;
  };
  return csvText(
    [...paramNames, 'status', ...STAT_KEYS, 'error'],
    [...cells].sort(byParams).map((cell) => [...paramNames.map((name) => cell.params[name]), cell.status, ...STAT_KEYS.map((key) => cell.stats?.[key]), cell.error]),
  );
}

/** Saves text as a file through a temporary object URL (no host round trip). */
export function downloadText(fileName: string, text: string, type: string): void {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** A file-name-safe stem. */
export function fileStem(text: string): string {
  return text.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 80) || 'backtest';
}
