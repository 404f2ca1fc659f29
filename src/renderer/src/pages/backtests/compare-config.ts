import type { BacktestConfig, BacktestDetail } from '../../../../shared/backtest';
import { formatDateTime } from '../../format/format';

/** A config row of the comparison table: one value per run (null for a run that did not load). */
export interface ConfigRow {
  label: string;
  values: (string | null)[];
  /** Whether the runs differ here: what tells apart two runs whose labels read the same. */
  differs: boolean;
}

/** A commission or spread (a fraction of traded value) as the run page and the comparison show it. */
export function fractionAsPct(fraction: number): string {
  return `${(fraction * 100).toFixed(3)} %`;
}

/** A run's date range; an open end is the symbol's first or last bar. */
export function rangeText(config: Pick<BacktestConfig, 'from' | 'to'>): string {
  return `${config.from ?? 'first bar'} → ${config.to ?? 'last bar'}`;
}

const CONFIG_FIELDS: readonly { label: string; text(run: BacktestDetail): string }[] = [
  { label: 'Symbols', text: (run) => run.config.symbols.join(', ') },
  { label: 'Date range', text: (run) => rangeText(run.config) },
  { label: 'Cash', text: (run) => run.config.broker.cash.toLocaleString() },
  { label: 'Commission', text: (run) => fractionAsPct(run.config.broker.commission) },
  { label: 'Spread', text: (run) => fractionAsPct(run.config.broker.spread) },
  { label: 'Created', text: (run) => formatDateTime(run.createdAt) },
];

/** The config rows for runs compared side by side. */
export function configRows(runs: readonly (BacktestDetail | null)[]): ConfigRow[] {
  return CONFIG_FIELDS.map(({ label, text }) => {
    const values = runs.map((run) => (run ? text(run) : null));
    const loaded = values.filter((value) => value !== null);
    return { label, values, differs: new Set(loaded).size > 1 };
  });
}
