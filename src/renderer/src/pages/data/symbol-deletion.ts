import type { SymbolCoverage } from '../../../../shared/contract';
import { isTerminalStatus, type JobRecord } from '../../../../shared/job';
import { dataDeleteParams } from '../../../../shared/kinds';
import { formatCount } from '../../format/format';

/** The confirm of deleting a symbol's prices: what goes, and what stays. */
export function describeDeletion(symbol: SymbolCoverage): { question: string; detail: string } {
  const rows = `${formatCount(symbol.rows)} ${symbol.rows === 1 ? 'row' : 'rows'}`;
  return {
    question: `Delete ${symbol.symbol}'s prices: ${rows} from ${symbol.firstDate} to ${symbol.lastDate}?`,
    detail: `Backtests already run on ${symbol.symbol} keep their results. To get the prices back, import ${symbol.symbol}.csv again.`,
  };
}

/** Symbols that a delete job not yet finished is removing. */
export function symbolsBeingDeleted(records: Readonly<Record<string, JobRecord>>): ReadonlySet<string> {
  const symbols = new Set<string>();
  for (const job of Object.values(records)) {
    if (job.kind !== 'data/delete' || isTerminalStatus(job.status)) continue;
    const params = dataDeleteParams.safeParse(job.params);
    if (params.success) for (const symbol of params.data.symbols) symbols.add(symbol);
  }
  return symbols;
}
