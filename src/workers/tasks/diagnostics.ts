import type { z } from 'zod';
import type { FanOutChunkParams } from '../../shared/kinds';
import type {
  diagnosticsCrashParams,
  diagnosticsFanOutParams,
  diagnosticsHangParams,
  diagnosticsProgressFloodParams,
  diagnosticsSleepParams,
} from '../../shared/kinds';
import type { Task } from '../task';

/**
 * Tasks that exercise the job runtime itself (tests and benchmarks): cooperative
 * work split in units, a worker that ignores cancel, a crash, a progress flood.
 */

export const sleepTask: Task<z.output<typeof diagnosticsSleepParams>> = async (params, context) => {
  context.setPhase('running');
  const unitMs = params.durationMs / params.units;
  let skipped = 0;
  for (let unit = 0; unit < params.units; unit++) {
    const key = `unit-${unit}`;
    if (key in context.run.completedUnits) {
      skipped++;
      continue;
    }
    const endAt = performance.now() + unitMs;
    while (performance.now() < endAt) {
      await context.checkpoint();
      await new Promise((resolve) => setTimeout(resolve, Math.min(5, Math.max(0, endAt - performance.now()))));
    }
    context.unitDone(key, { unit });
    context.progress((unit + 1) / params.units, `Unit ${unit + 1} of ${params.units}`);
  }
  return { status: 'succeeded', result: { units: params.units, skippedUnits: skipped } };
};

export const hangTask: Task<z.output<typeof diagnosticsHangParams>> = async (params, context) => {
  context.setPhase('running');
  context.progress(0, 'Busy without yielding');
  // Deliberately never yields: only a forced kill can stop it early.
  const endAt = performance.now() + params.durationMs;
  while (performance.now() < endAt) {
    /* spin */
  }
  return { status: 'succeeded', result: null };
};

export const crashTask: Task<z.output<typeof diagnosticsCrashParams>> = async (params, context) => {
  context.setPhase('running');
  await new Promise((resolve) => setTimeout(resolve, params.afterMs));
  process.exit(70);
};

export const progressFloodTask: Task<z.output<typeof diagnosticsProgressFloodParams>> = async (params, context) => {
  context.setPhase('running');
  const startedAt = performance.now();
  for (let sent = 0; sent < params.events; sent++) {
    const dueAt = startedAt + (sent / params.ratePerSecond) * 1000;
    const waitMs = dueAt - performance.now();
    if (waitMs > 1) await new Promise((resolve) => setTimeout(resolve, waitMs));
    context.progress(sent / params.events, `Event ${sent + 1}`);
    await context.checkpoint();
  }
  return { status: 'succeeded', result: { events: params.events } };
};

/** One chunk of a `diagnostics/fan-out` job: waits `unitMs` per unit, failing the listed ones. */
export const fanOutChunkTask: Task<FanOutChunkParams<z.output<typeof diagnosticsFanOutParams>>> = async (params, context) => {
  context.setPhase('running');
  for (const unit of params.units) {
    const endAt = performance.now() + params.job.unitMs;
    while (performance.now() < endAt) {
      await context.checkpoint();
      await new Promise((resolve) => setTimeout(resolve, Math.min(5, Math.max(0, endAt - performance.now()))));
    }
    await context.checkpoint();
    const isFailing = params.job.failingUnits.includes(Number(unit));
    context.unitDone(unit, { unit, pid: process.pid }, isFailing ? `Unit ${unit} was told to fail` : undefined);
  }
  return { status: 'succeeded', result: { units: params.units.length } };
};
