import { Fragment, useMemo, useRef, useState } from 'react';
import { create } from 'zustand';
import { persist } from 'zustand/middleware';
import type { SymbolCoverage } from '../../../../shared/contract';
import { formatCount, formatDateTime } from '../../format/format';
import { useJobsStore } from '../../stores/jobs-store';
import { CoverageBar } from './coverage-bar';
import { DeleteSymbolConfirm } from './delete-symbol-confirm';
import { failedDeletions, symbolsBeingDeleted, type FailedDeletion } from './symbol-deletion';

const COLUMNS = 8;

/** Dismissals remembered: the newest, well past how many failed deletes the job list keeps. */
const MAX_DISMISSED = 500;

/** Failed deletes the user dismissed, remembered across restarts (the failed jobs are). */
const useDismissedDeletions = create<{ jobIds: readonly string[]; dismiss(jobId: string): void }>()(
  persist(
    (set) => ({
      jobIds: [],
      dismiss: (jobId) => set((state) => ({ jobIds: [...state.jobIds, jobId].slice(-MAX_DISMISSED) })),
    }),
    { name: 'quantdesk.dismissed-deletions' },
  ),
);

/** Under a symbol's row: its delete did not happen, and why. */
function DeleteFailedNotice({ failure, columns }: { failure: FailedDeletion; columns: number }) {
  const dismiss = useDismissedDeletions((state) => state.dismiss);
  return (
    <tr className="symbols-table__notice" data-testid="delete-symbol-failed">
      <td colSpan={columns}>
        <div className="symbol-delete callout callout--danger" role="alert">
          <div className="symbol-delete__text">
            <strong>{failure.summary}</strong>
            <span>{failure.reason}</span>
          </div>
          <button type="button" className="button button--small button--quiet" onClick={() => dismiss(failure.jobId)}>
            Dismiss
          </button>
        </div>
      </td>
    </tr>
  );
}

function dayOf(date: string): number {
  return Date.parse(date);
}

/** Symbols with the dates and rows they cover, each with a delete (confirmed under its row). */
export function SymbolsTable({ symbols }: { symbols: readonly SymbolCoverage[] }) {
  const range = useMemo(
    () => ({
      start: Math.min(...symbols.map((symbol) => dayOf(symbol.firstDate))),
      end: Math.max(...symbols.map((symbol) => dayOf(symbol.lastDate))),
    }),
    [symbols],
  );
  const jobs = useJobsStore((state) => state.records);
  const deleting = useMemo(() => symbolsBeingDeleted(jobs), [jobs]);
  const dismissedJobIds = useDismissedDeletions((state) => state.jobIds);
  const failures = useMemo(() => failedDeletions(jobs, new Set(dismissedJobIds)), [jobs, dismissedJobIds]);
  const [confirming, setConfirming] = useState<string | null>(null);
  // The Delete button that opened the confirm: a keyboard user is put back on it.
  const opener = useRef<HTMLButtonElement | null>(null);

  const closeConfirm = () => {
    setConfirming(null);
    opener.current?.focus();
  };

  return (
    <div className="panel symbols-panel">
      <table className="table symbols-table" data-testid="symbols-table">
        <thead>
          <tr>
            <th>Symbol</th>
            <th className="symbols-table__coverage">Coverage</th>
            <th>First date</th>
            <th>Last date</th>
            <th className="numeric">Rows</th>
            <th className="symbols-table__source-column">Source</th>
            <th>Updated</th>
            <th className="symbols-table__actions" aria-label="Actions" />
          </tr>
        </thead>
        <tbody>
          {symbols.map((symbol) => (
            <Fragment key={symbol.symbol}>
              <tr data-testid="symbol-row" data-symbol={symbol.symbol}>
                <td className="symbols-table__symbol">{symbol.symbol}</td>
                <td className="symbols-table__coverage">
                  <CoverageBar first={dayOf(symbol.firstDate)} last={dayOf(symbol.lastDate)} rangeStart={range.start} rangeEnd={range.end} />
                </td>
                <td className="tabular">{symbol.firstDate}</td>
                <td className="tabular">{symbol.lastDate}</td>
                <td className="numeric">{formatCount(symbol.rows)}</td>
                <td className="symbols-table__source-column">
                  <span className="symbols-table__source" title={symbol.source}>
                    {symbol.source}
                  </span>
                </td>
                <td className="tabular muted">{formatDateTime(symbol.updatedAt)}</td>
                <td className="symbols-table__actions">
                  <button
                    type="button"
                    className="button button--small button--quiet button--danger"
                    data-testid="delete-symbol"
                    aria-label={`Delete ${symbol.symbol}'s prices`}
                    aria-expanded={confirming === symbol.symbol}
                    disabled={deleting.has(symbol.symbol)}
                    onClick={(event) => {
                      opener.current = event.currentTarget;
                      setConfirming(confirming === symbol.symbol ? null : symbol.symbol);
                    }}
                  >
                    {deleting.has(symbol.symbol) ? 'Deleting…' : 'Delete'}
                  </button>
                </td>
              </tr>
              {failures.has(symbol.symbol) && <DeleteFailedNotice failure={failures.get(symbol.symbol)!} columns={COLUMNS} />}
              {confirming === symbol.symbol && <DeleteSymbolConfirm symbol={symbol} columns={COLUMNS} onClose={closeConfirm} />}
            </Fragment>
          ))}
        </tbody>
      </table>
    </div>
  );
}
