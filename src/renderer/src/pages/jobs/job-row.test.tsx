import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { JobRecord } from '../../../../shared/job';
import { jobFixture } from '../../../../shared/job-fixture';
import { JobDetail } from './job-detail';
import { JobRow } from './job-row';

const running = jobFixture({
  status: 'running',
  startedAt: '2026-01-01T00:00:00.000Z',
  progress: { fraction: 0.34, message: 'GOOG', phase: 'running' },
});
const lostContactAt = Date.parse('2026-01-01T00:00:14.000Z');

function rowMarkup(lostAt: number | null): string {
  return renderToStaticMarkup(<JobRow job={running} isCancelling={false} isHighlighted={false} lostContactAt={lostAt} onCancel={() => {}} />);
}

describe('JobRow while the host cannot be reached', () => {
  it('disables Cancel and says why', () => {
    expect(rowMarkup(lostContactAt)).toMatch(/<button[^>]*data-testid="job-cancel" disabled="" title="Unavailable while Quantdesk&#x27;s host cannot be reached">Cancel<\/button>/);
    expect(rowMarkup(null)).toMatch(/<button[^>]*data-testid="job-cancel">Cancel<\/button>/);
  });

  it('stops the run time where it was when contact was lost, and marks it stale', () => {
    expect(rowMarkup(lostContactAt)).toContain(
      '<span class="job-row__elapsed tabular" data-testid="job-elapsed" data-stale="true" title="Run time when contact with the host was lost">0:14</span>',
    );
    expect(rowMarkup(null)).toContain('data-testid="job-elapsed" title="Run time"');
  });

  it('keeps a finished job’s run time as it is', () => {
    const done = { ...running, status: 'succeeded' as const, finishedAt: '2026-01-01T00:00:05.000Z' };
    const markup = renderToStaticMarkup(<JobRow job={done} isCancelling={false} isHighlighted={false} lostContactAt={lostContactAt} onCancel={() => {}} />);
    expect(markup).toContain('data-testid="job-elapsed" title="Run time">5.0 s</span>');
  });
});

describe('JobDetail while the host cannot be reached', () => {
  const backtest = jobFixture({ kind: 'backtest/run', status: 'succeeded', result: { backtestId: 'bt-1' } });

  it('offers the result as a disabled button, not a link', () => {
    expect(renderToStaticMarkup(<JobDetail job={backtest} isHostLost />)).toContain(
      '<button type="button" class="button button--small" data-testid="job-open-result" disabled="" title="Unavailable while Quantdesk&#x27;s host cannot be reached">Open run</button>',
    );
    expect(renderToStaticMarkup(<JobDetail job={backtest} isHostLost={false} />)).toContain('<a class="button button--small" href="#/backtests/bt-1" data-testid="job-open-result">Open run</a>');
  });
});

describe('A job that failed or was cancelled', () => {
  const stopped = {
    ...running,
    kind: 'data/import',
    finishedAt: '2026-01-01T00:00:09.000Z',
    progress: { fraction: 0.6, message: 'Imported 3 of 5 files', phase: 'running' as const },
  };
  const crashed = { ...stopped, status: 'failed' as const, error: { message: 'Interrupted: the app stopped while this job was running.', reason: 'interrupted' } };

  function finishedRowMarkup(job: JobRecord): string {
    return renderToStaticMarkup(<JobRow job={job} isCancelling={false} isHighlighted={false} lostContactAt={null} onCancel={() => {}} />);
  }

  it('shows its outcome in the row, not its last live progress', () => {
    const failedRow = finishedRowMarkup(crashed);
    expect(failedRow).toContain('data-testid="job-outcome"><span class="job-progress__outcome" title="Interrupted: the app stopped while this job was running.">');
    expect(failedRow).not.toContain('Imported 3 of 5 files');
    const cancelledRow = finishedRowMarkup({ ...stopped, status: 'cancelled' });
    expect(cancelledRow).toContain('<span class="job-progress__outcome" title="Cancelled.">Cancelled.</span>');
    expect(cancelledRow).not.toContain('Imported 3 of 5 files');
  });

  it('labels its last live progress as such in the detail', () => {
    expect(renderToStaticMarkup(<JobDetail job={crashed} isHostLost={false} />)).toContain(
      '<div class="job-detail__fact--wide"><dt>Last progress</dt><dd class="tabular">Imported 3 of 5 files (60%)</dd></div>',
    );
  });
});
