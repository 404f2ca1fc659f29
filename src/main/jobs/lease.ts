import type { PlannedChunk } from './kind-hooks';

/** Work handed to one worker: a whole job, or one chunk of a fan-out job. */
export interface Chunk extends Omit<PlannedChunk, 'kind'> {
  kind: string;
  /** The id the worker knows this work by: the job's id, or `<job id>/<chunk>`. */
  leaseId: string;
}

/** One worker's hold on a chunk of a job, from dispatch until its terminal message. */
export class Lease {
  readonly finishedUnits = new Set<string>();
  killTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(readonly chunk: Chunk) {}

  get id(): string {
    return this.chunk.leaseId;
  }
}
