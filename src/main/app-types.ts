import type { CommandName, CommandResponse, Envelope } from '../shared/contract';
import type { EventHub } from './services/event-hub';
import type { FileChunks } from './services/staging';

export interface ReadinessReport {
  isReady: boolean;
  checks: { database: boolean; migrations: boolean; workers: boolean };
}

/**
 * The main-process services as the transports see them. Electron IPC and the
 * headless HTTP host are both thin adapters over this.
 */
export interface AppServices {
  /** Validates the raw request, runs the command, and always answers with an envelope. */
  dispatch<C extends CommandName>(command: C, request: unknown): Promise<Envelope<CommandResponse<C>>>;
  readonly events: EventHub;
  readiness(): ReadinessReport;
  /** Writes an uploaded file (the headless host's page cannot give a path) to a fresh staging folder; answers its path. */
  stageUpload(name: string, chunks: FileChunks, signal?: AbortSignal): Promise<string>;
  /** Cancels running jobs (bounded wait), persists, stops workers, closes the stores. */
  close(): Promise<void>;
}
