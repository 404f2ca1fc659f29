import type { Trade } from '../../../../shared/backtest';

const TRADE_COLUMNS = ['symbol', 'size', 'entryBar', 'exitBar', 'entryTime', 'exitTime', 'entryPrice', 'exitPrice', 'pnl', 'returnPct', 'durationDays', 'commission'] as const;

function csvCell(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** Trades as CSV with a header row; `returnPct` stays a fraction as stored. */
export function tradesToCsv(trades: readonly (Trade & { symbol: string })[]): string {
  const lines = [TRADE_COLUMNS.join(',')];
  for (const trade of trades) lines.push(TRADE_COLUMNS.map((column) => csvCell(trade[column])).join(','));
  return `${lines.join('\n')}\n`;
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
