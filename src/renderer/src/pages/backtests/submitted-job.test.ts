import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../../shared/job-fixture';
import { jobEnding, sweepIdOfJob } from './submitted-job';

const run = (overrides: Parameters<typeof jobFixture>[0]) => jobFixture({ id: 'job-7', kind: 'backtest/run', ...overrides });

describe('how a submitted job ends in its panel', () => {
  it('offers the run a failed job stored, with the reason once', () => {
    const failed = run({ status: 'failed', error: { message: '1 of 1 symbols failed: GOOG needs at least 32 bars' }, result: { backtestId: 'bt-1', status: 'failed' } });
    expect(jobEnding(failed, 'run')).toEqual({ tone: 'danger', title: 'The backtest failed', message: '1 of 1 symbols failed: GOOG needs at least 32 bars', storedRunId: 'bt-1' });
    expect(jobEnding(run({ status: 'failed', error: { message: 'worker crashed' } }), 'run')?.storedRunId).toBeNull();
  });

  it("says a user's cancel plainly, not as an error", () => {
    const cancelled = run({ status: 'cancelled', cancelReason: 'beforeStart' });
    expect(jobEnding(cancelled, 'run')).toEqual({ tone: 'neutral', title: 'Cancelled', message: 'Cancelled before it started.', storedRunId: null });
  });

  it('has nothing to say when a page opens instead: a finished run, any sweep', () => {
    expect(jobEnding(run({ status: 'succeeded', result: { backtestId: 'bt-1' } }), 'run')).toBeNull();
    expect(jobEnding(run({ status: 'partial' }), 'run')).toBeNull();
    expect(jobEnding(jobFixture({ kind: 'backtest/sweep', status: 'cancelled' }), 'sweep')).toBeNull();
  });

  it("knows a sweep's id from the start: its job's", () => {
    expect(sweepIdOfJob(jobFixture({ id: 'job-9', kind: 'backtest/sweep', status: 'running' }))).toBe('job-9');
  });
});
