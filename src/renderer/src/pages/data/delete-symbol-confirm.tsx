import { useId, useState } from 'react';
import type { SymbolCoverage } from '../../../../shared/contract';
import { useJobsStore } from '../../stores/jobs-store';
import { describeDeletion } from './symbol-deletion';

interface DeleteSymbolConfirmProps {
  symbol: SymbolCoverage;
  /** Columns of the table the confirm spans. */
  columns: number;
  onClose(): void;
}

/** The confirm under a symbol's row. Deleting runs as a job; the row goes when it finishes. */
export function DeleteSymbolConfirm({ symbol, columns, onClose }: DeleteSymbolConfirmProps) {
  const submit = useJobsStore((state) => state.submit);
  const [isSubmitting, setSubmitting] = useState(false);
  const questionId = useId();
  const detailId = useId();
  const { question, detail } = describeDeletion(symbol);

  async function confirm() {
    setSubmitting(true);
    const job = await submit({ kind: 'data/delete', params: { symbols: [symbol.symbol] } }, `Could not delete ${symbol.symbol}`);
    setSubmitting(false);
    if (job) onClose();
  }

  return (
    <tr className="symbols-table__confirm" data-testid="delete-symbol-confirm">
      <td colSpan={columns}>
        <div
          className="symbol-delete"
          role="alertdialog"
          aria-labelledby={questionId}
          aria-describedby={detailId}
          onKeyDown={(event) => {
            if (event.key === 'Escape') onClose();
          }}
        >
          <div className="symbol-delete__text">
            <strong id={questionId}>{question}</strong>
            <span id={detailId} className="muted">
              {detail}
            </span>
          </div>
          {/* Cancel first and focused: Enter right after opening must not delete. */}
          <button type="button" className="button button--small" autoFocus onClick={onClose}>
            Cancel
          </button>
          <button type="button" className="button button--small button--danger" data-testid="delete-symbol-submit" disabled={isSubmitting} onClick={() => void confirm()}>
            {isSubmitting ? 'Starting…' : `Delete ${symbol.symbol}`}
          </button>
        </div>
      </td>
    </tr>
  );
}
