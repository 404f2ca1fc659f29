import { useEffect, useState } from 'react';
import type { BacktestDetail } from '../../../../shared/backtest';
import type { ErrorBody } from '../../../../shared/errors';
import { SubmitRefusal } from '../../components/submit-refusal';
import { formatParams } from '../../format/format';
import { useJobsStore } from '../../stores/jobs-store';
import { useSymbolsStore } from '../../stores/symbols-store';
import { goTo } from './route';
import { SubmittedJob } from './submitted-job-panel';
import { reimportedSinceNote } from './sweep-notes';

/** `reimportedSinceNote` for the run, from the symbols as stored now (asked for afresh: an import may have ended since they were last read). */
function useReimportedNote(run: BacktestDetail): string | null {
  const symbols = useSymbolsStore((state) => state.symbols);
  const isLoaded = useSymbolsStore((state) => state.isLoaded);
  useEffect(() => {
    void useSymbolsStore.getState().refresh();
  }, []);
  return isLoaded ? reimportedSinceNote(run, symbols) : null;
}

/** A sweep cell keeps its statistics only: its curves and trades come from running it again, in full. */
export function FullRunOffer({ run }: { run: BacktestDetail }) {
  const [jobId, setJobId] = useState<string | null>(null);
  const [isSubmitting, setSubmitting] = useState(false);
  const [refusal, setRefusal] = useState<ErrorBody | null>(null);
  const { strategy, params, symbols, from, to, broker } = run.config;
  const reimported = useReimportedNote(run);

  async function runInFull() {
    setSubmitting(true);
    setRefusal(null);
    const name = `${strategy} ${formatParams(params)} (from a sweep)`.slice(0, 120);
    const answer = await useJobsStore
      .getState()
      .submit({ kind: 'backtest/run', params: { strategy, params, symbols, ...(from ? { from } : {}), ...(to ? { to } : {}), broker, name } });
    setSubmitting(false);
    if (answer.ok) setJobId(answer.data.id);
    else setRefusal(answer.error);
  }

  return (
    <section className="panel full-run-offer" data-testid="full-run-offer">
      <h2>Charts and trades</h2>
      <p>
        A sweep keeps each cell’s statistics, not its equity curve and trades, so that large sweeps stay small on disk.{' '}
        {reimported === null ? 'Running this cell again gives the very same statistics, with its charts and every trade.' : 'Running this cell again gives its charts and every trade.'}
      </p>
      {reimported && (
        <p className="callout callout--warning" data-testid="reimported-note">
          {reimported}
        </p>
      )}
      {jobId ? (
        <SubmittedJob jobId={jobId} mode="run" />
      ) : run.fullRunId ? (
        <>
          <p>This cell has been run in full already, on the same data.</p>
          <button type="button" className="button button--primary" data-testid="open-full-run" onClick={() => goTo({ view: 'run', id: run.fullRunId! })}>
            Open the full run
          </button>
        </>
      ) : (
        <>
          <button type="button" className="button button--primary" data-testid="run-in-full" disabled={isSubmitting} onClick={() => void runInFull()}>
            {isSubmitting ? 'Starting…' : 'Run in full'}
          </button>
          <SubmitRefusal title="Could not start the run." error={refusal} />
        </>
      )}
    </section>
  );
}
