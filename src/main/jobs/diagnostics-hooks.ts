import type { z } from 'zod';
import { outcomeForUnits } from '../../shared/job';
import type { diagnosticsFanOutParams, FanOutChunkParams } from '../../shared/kinds';
import { chunkUnits, type KindHooks } from './kind-hooks';

type FanOutParams = z.output<typeof diagnosticsFanOutParams>;

/** `diagnostics/fan-out`: exercises fan-out planning, per-unit failures and resumption. */
export const diagnosticsFanOutHooks: KindHooks = {
  fanOut: {
    unitLabel: 'units',
    plan(record, completed) {
      const job = record.params as FanOutParams;
      const units = Array.from({ length: job.units }, (_, index) => String(index)).filter((unit) => !(unit in completed));
      return {
        totalUnits: job.units,
        chunks: chunkUnits(units, job.chunkSize).map((chunk) => ({
          kind: 'diagnostics/fan-out-chunk' as const,
          params: { job, units: chunk } satisfies FanOutChunkParams<FanOutParams>,
          units: chunk,
        })),
      };
    },
    combine(_job, summary) {
      const status = outcomeForUnits(summary.totalUnits, summary.failedUnits.length);
      const result = { totalUnits: summary.totalUnits, completedUnits: summary.completedUnits, failedUnits: summary.failedUnits };
      return status === 'failed'
        ? { status, result, error: `${summary.failedUnits.length} of ${summary.totalUnits} units failed` }
        : { status, result };
    },
  },
};
