import type { BacktestDetail, SweepDetail } from '../../../../shared/backtest';
import type { SymbolCoverage } from '../../../../shared/contract';
import type { JobRecord } from '../../../../shared/job';
import { listText } from '../../../../shared/list-text';
import { formatCount } from '../../format/format';
import { refusedCombination } from './params-schema';

/** The runner's warning on a cancelled fan-out job ("Cancelled after 5,953 of 7,938 cells; …"). */
const CANCEL_WARNING = /^Cancelled after [\d,]+ of [\d,]+ /;

/** The sweep job's warnings the sweep page lists: its own Cancelled callout already says how far a cancelled sweep got. */
export function sweepPageWarnings(warnings: readonly string[], status: SweepDetail['status']): readonly string[] {
  return status === 'cancelled' ? warnings.filter((warning) => !CANCEL_WARNING.test(warning)) : warnings;
}

/** Combinations a sweep job did not run because the strategy refuses their params: its result's `skippedCells`. */
export function skippedCellsOf(job: JobRecord | undefined): number {
  const result = job?.result;
  if (typeof result !== 'object' || result === null) return 0;
  const skipped = (result as Record<string, unknown>).skippedCells;
  return typeof skipped === 'number' && skipped > 0 ? skipped : 0;
}

/** Why some combinations of the grid were not run, with one of them as an example when one is found. */
export function skippedCellsNote(sweep: Pick<SweepDetail, 'strategy' | 'grid' | 'constraint'>, skipped: number): string {
  const count = `${formatCount(skipped)} ${skipped === 1 ? 'combination was' : 'combinations were'} not run: ${sweep.strategy} refuses their params`;
  const example = refusedCombination(sweep);
  if (!example) return `${count}.`;
  const params = Object.entries(example.params)
    .map(([name, value]) => `${name}=${value}`)
    .join(', ');
  return `${count}, e.g. ${params} (${example.reason}).`;
}

/**
 * Why running a sweep cell again may not give its statistics: some of its symbols were imported
 * again after it ran, which may have changed their bars. Null when none was.
 */
export function reimportedSinceNote(run: Pick<BacktestDetail, 'createdAt' | 'config'>, symbols: readonly SymbolCoverage[]): string | null {
  const names = symbols.filter((stored) => run.config.symbols.includes(stored.symbol) && stored.updatedAt > run.createdAt).map((stored) => stored.symbol);
  if (names.length === 0) return null;
  return `${listText(names)} ${names.length === 1 ? 'was' : 'were'} imported again after this cell ran: running it now uses the bars as they are today, so its statistics may differ from these.`;
}
