import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
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
