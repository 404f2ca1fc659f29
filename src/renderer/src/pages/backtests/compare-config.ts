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

/**
 * What makes runs compared side by side unlike: runs over the same symbols and dates whose data
 * hashes differ ran on other bars (a symbol imported again between them), and runs of
 * different engine versions may give other statistics for the same input.
 */
export function comparabilityNotes(runs: readonly (BacktestDetail | null)[]): string[] {
  const loaded = runs.filter((run): run is BacktestDetail => run !== null);
  const hashesByData = new Map<string, Set<string>>();
  for (const { config } of loaded) {
    const key = `${config.symbols.join(',')}|${rangeText(config)}`;
    hashesByData.set(key, (hashesByData.get(key) ?? new Set()).add(config.dataHash));
  }
  const notes: string[] = [];
  if ([...hashesByData.values()].some((hashes) => hashes.size > 1)) {
    notes.push('Some runs over the same symbols and dates ran on different bars (a symbol was imported again between them): their statistics do not compare like for like.');
  }
  const versions = [...new Set(loaded.map((run) => run.config.engineVersion))];
  if (versions.length > 1) {
    notes.push(`These runs were made by different engine versions (${versions.join(', ')}): the same input may give other statistics.`);
  }
  return notes;
}
