import type { StrategyName } from '../../../shared/backtest';
import type { StrategyDefinition } from '../strategy';
import { breakout } from './breakout';
import { buyAndHold } from './buy-and-hold';
import { rsiReversion } from './rsi-reversion';
import { smaCross } from './sma-cross';

/** Every built-in strategy by name. Adding one: a file beside this one, its line here, its schema in shared/backtest.ts. */
export const STRATEGIES = {
  'sma-cross': smaCross,
  'rsi-reversion': rsiReversion,
  breakout,
  'buy-and-hold': buyAndHold,
} as const satisfies Record<StrategyName, StrategyDefinition>;
