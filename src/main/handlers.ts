import { mkdir, writeFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import type { CommandName, CommandResponse, ParsedCommandRequest, SystemStatus } from '../shared/contract';
import type { JobRunner } from './jobs/runner';
import type { Logging } from './services/logging';
import type { MarketDb } from './store/market/connection';
import { listSymbols } from './store/market/bars';

export type CommandHandlers = {
  [C in CommandName]: (request: ParsedCommandRequest<C>) => CommandResponse<C> | Promise<CommandResponse<C>>;
};

export interface HandlerDependencies {
  runner: JobRunner;
  market: MarketDb;
  logging: Logging;
  dataDir: string;
  systemStatus(): SystemStatus;
}

/** One handler per command, grouped by domain and joined into one typed map. */
export function createHandlers(dependencies: HandlerDependencies): CommandHandlers {
  return { ...jobHandlers(dependencies), ...dataHandlers(dependencies), ...systemHandlers(dependencies) };
}

function jobHandlers({ runner }: HandlerDependencies) {
  return {
    'jobs/submit': (request) => runner.submit(request),
    'jobs/cancel': (request) => runner.cancel(request.id),
    'jobs/get': (request) => runner.get(request.id),
    'jobs/list': (request) => runner.list(request),
  } satisfies Partial<CommandHandlers>;
}

function dataHandlers({ market, dataDir }: HandlerDependencies) {
  return {
    'data/symbols': () => ({ symbols: listSymbols(market) }),
    // Browsers cannot hand over a local path: the file's text is staged in the data
    // directory and imported from there like any other path.
    'data/stage': async (request) => {
      const folder = join(dataDir, 'staging', randomUUID());
      await mkdir(folder, { recursive: true });
      const path = join(folder, request.name);
      await writeFile(path, request.content, 'utf8');
      return { path };
    },
  } satisfies Partial<CommandHandlers>;
}

function systemHandlers({ logging, systemStatus }: HandlerDependencies) {
  return {
    'logs/tail': (request) => ({ entries: logging.ring.tail(request) }),
    'system/status': () => systemStatus(),
  } satisfies Partial<CommandHandlers>;
}
