/** The backtest engine: run in workers, one symbol per run. */
export {
  barSeriesFromRows,
  CHECKPOINT_EVERY_BARS,
  ENGINE_VERSION,
  finishBacktest,
  finishStatistics,
  minimumBars,
  prepareBars,
  prepareBroker,
  prepareStrategy,
  runBacktest,
  runBacktestSync,
  runPreparedBacktest,
  startSimulation,
  type BacktestInput,
  type StatisticsOutcome,
  type PreparedBars,
} from './engine';
export { computeStats } from './stats';
export { STRATEGIES } from './strategies';
export type { Bar, Orders, PreparedStrategy, StrategyDefinition, StrategyInstance } from './strategy';
