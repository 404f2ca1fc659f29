import { useId, useState } from 'react';
import type { SymbolCoverage } from '../../../../shared/contract';
import type { ErrorBody } from '../../../../shared/errors';
import { SubmitRefusal } from '../../components/submit-refusal';
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
  const [refusal, setRefusal] = useState<ErrorBody | null>(null);
  const questionId = useId();
  const detailId = useId();
  const { question, detail } = describeDeletion(symbol);

  async function confirm() {
    setSubmitting(true);
    setRefusal(null);
    const answer = await submit({ kind: 'data/delete', params: { symbols: [symbol.symbol] } });
    setSubmitting(false);
    if (answer.ok) onClose();
    else setRefusal(answer.error);
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
            <SubmitRefusal title={`Could not delete ${symbol.symbol}.`} error={refusal} />
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
