import type { CommandName, CommandResponse, ParsedCommandRequest, SystemStatus } from '../shared/contract';
import type { JobRunner } from './jobs/runner';
import { deleteBacktest, getBacktestSeries } from './services/backtests';
import { getRunDetail, getRunTrades, updateRunNotes } from './store/backtests';
import { listRunSymbols, listRuns } from './store/backtests-list';
import type { TrackingDb } from './store/connection';
import { purgeDeletedSweeps } from './store/sweep-deletions';
import { deleteSweep, getSweep, getSweepCellStatistics, listSweeps } from './store/sweeps';
import type { Logging } from './services/logging';
import type { SettingsService } from './services/settings';
import type { MarketDb } from './store/market/connection';
import { listSymbols } from './store/market/bars';

export type CommandHandlers = {
  [C in CommandName]: (request: ParsedCommandRequest<C>) => CommandResponse<C> | Promise<CommandResponse<C>>;
};

export interface HandlerDependencies {
  runner: JobRunner;
  db: TrackingDb;
  market: MarketDb;
  logging: Logging;
  settings: SettingsService;
  systemStatus(): SystemStatus;
}

/** One handler per command, grouped by domain and joined into one typed map. */
export function createHandlers(dependencies: HandlerDependencies): CommandHandlers {
  return {
    ...jobHandlers(dependencies),
    ...dataHandlers(dependencies),
    ...backtestHandlers(dependencies),
    ...systemHandlers(dependencies),
  };
}

function jobHandlers({ runner }: HandlerDependencies) {
  return {
    'jobs/submit': (request) => runner.submit(request),
    'jobs/cancel': (request) => runner.cancel(request.id),
    'jobs/get': (request) => runner.get(request.id),
    'jobs/list': (request) => runner.list(request),
  } satisfies Partial<CommandHandlers>;
}

function dataHandlers({ market }: HandlerDependencies) {
  return {
    'data/symbols': () => ({ symbols: listSymbols(market) }),
  } satisfies Partial<CommandHandlers>;
}

/** Stored backtests and sweeps: reads are indexed and paged, so they stay quick in main. */
function backtestHandlers({ db, logging }: HandlerDependencies) {
  const logger = logging.logger.child({ source: 'main' });
  return {
    'backtests/list': (request) => listRuns(db, request),
    'backtests/symbols': () => ({ symbols: listRunSymbols(db) }),
    'backtests/get': (request) => getRunDetail(db, request.id),
    'backtests/series': (request) => getBacktestSeries(db, request.id, request.symbol),
    'backtests/trades': (request) => getRunTrades(db, request.id, request.symbol, request.limit, request.offset),
    'backtests/update': (request) => updateRunNotes(db, request.id, request.notes),
    'backtests/delete': (request) => deleteBacktest(db, request.id),
    'sweeps/list': (request) => listSweeps(db, request.limit, request.offset),
    'sweeps/get': (request) => getSweep(db, request.id),
    'sweeps/cells': (request) => getSweepCellStatistics(db, request.id, request.limit, request.offset),
    // Answers once the sweep is marked deleted (gone for readers); its rows are purged afterwards.
    'sweeps/delete': (request) => {
      deleteSweep(db, request.id);
      void purgeDeletedSweeps(db, { logger });
      return { id: request.id };
    },
  } satisfies Partial<CommandHandlers>;
}

function systemHandlers({ logging, settings, systemStatus }: HandlerDependencies) {
  return {
    'logs/tail': (request) => ({ entries: logging.ring.tail(request) }),
    'system/status': () => systemStatus(),
    'settings/get': () => settings.current(),
    'settings/update': (request) => settings.change(request),
  } satisfies Partial<CommandHandlers>;
}
