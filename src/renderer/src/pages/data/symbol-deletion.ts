import type { SymbolCoverage } from '../../../../shared/contract';
import { isTerminalStatus, type JobRecord } from '../../../../shared/job';
import { dataDeleteParams } from '../../../../shared/kinds';
import { formatCount } from '../../format/format';
import { jobOutcome } from '../jobs/job-summary';

/** The confirm of deleting a symbol's prices: what goes, and what stays. */
export function describeDeletion(symbol: SymbolCoverage): { question: string; detail: string } {
  const rows = `${formatCount(symbol.rows)} ${symbol.rows === 1 ? 'row' : 'rows'}`;
  return {
    question: `Delete ${symbol.symbol}'s prices: ${rows} from ${symbol.firstDate} to ${symbol.lastDate}?`,
    detail: `Backtests already run on ${symbol.symbol} keep their results. To get the prices back, import ${symbol.symbol}.csv again.`,
  };
}

/** The symbols a `data/delete` job removes; none for other jobs. */
function symbolsDeletedBy(job: JobRecord): readonly string[] {
  if (job.kind !== 'data/delete') return [];
  const params = dataDeleteParams.safeParse(job.params);
  return params.success ? params.data.symbols : [];
}

/** Symbols that a delete job not yet finished is removing. */
export function symbolsBeingDeleted(records: Readonly<Record<string, JobRecord>>): ReadonlySet<string> {
  const symbols = new Set<string>();
  for (const job of Object.values(records)) {
    if (!isTerminalStatus(job.status)) for (const symbol of symbolsDeletedBy(job)) symbols.add(symbol);
  }
  return symbols;
}

/** A delete that ended without deleting anything: it runs in one transaction, so every price is still stored. */
export interface FailedDeletion {
  jobId: string;
  /** What happened to the delete, and that the prices are still there. */
  summary: string;
  /** The job's error, or why it was cancelled. */
  reason: string;
}

/**
 * Per symbol, its latest delete job when that one failed or was cancelled and the user has
 * not dismissed it. A newer attempt replaces it, whatever that one comes to.
 */
export function failedDeletions(records: Readonly<Record<string, JobRecord>>, dismissedJobIds: ReadonlySet<string>): ReadonlyMap<string, FailedDeletion> {
  const latest = new Map<string, JobRecord>();
  for (const job of Object.values(records)) {
    for (const symbol of symbolsDeletedBy(job)) {
      const held = latest.get(symbol);
      if (!held || job.createdAt > held.createdAt) latest.set(symbol, job);
    }
  }
  const failed = new Map<string, FailedDeletion>();
  for (const [symbol, job] of latest) {
    if ((job.status !== 'failed' && job.status !== 'cancelled') || dismissedJobIds.has(job.id)) continue;
    const ending = job.status === 'failed' ? 'failed' : 'was cancelled';
    failed.set(symbol, { jobId: job.id, summary: `Deleting ${symbol} ${ending}: its prices are all still stored.`, reason: jobOutcome(job) });
  }
  return failed;
}
