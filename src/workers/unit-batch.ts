import { UNIT_BATCH_MS, type UnitReport } from '../shared/worker-protocol';

/** Most units in one message: bounds a message's size whatever the units carry. */
const MAX_UNITS_PER_MESSAGE = 256;

/**
 * A job's finished units, sent to main together: when the first has waited UNIT_BATCH_MS,
 * when the batch is full, or when the job sends anything else (`flush`), so main sees
 * every message of a job in the order the task produced it.
 */
export class UnitBatch {
  private units: UnitReport[] = [];
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly send: (units: UnitReport[]) => void) {}

  add(report: UnitReport): void {
    this.units.push(report);
    if (this.units.length >= MAX_UNITS_PER_MESSAGE) this.flush();
    else this.timer ??= setTimeout(() => this.flush(), UNIT_BATCH_MS);
  }

  flush(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
    if (this.units.length === 0) return;
    const units = this.units;
    this.units = [];
    this.send(units);
  }
}
