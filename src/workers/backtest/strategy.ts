import { AppError } from '../../shared/errors';
import { STRATEGY_PARAMS, type StrategyName, type StrategyParams } from '../../shared/backtest';
import { describeIssues, safeParseQuoting } from '../../shared/validation';
import type { IndicatorSpec } from './indicators';

/**
 * The bar a strategy is shown: the one that has just closed. The engine reuses one object
 * for every bar, so a strategy reads its fields and keeps nothing but numbers.
 */
export interface Bar {
  readonly index: number;
  readonly date: string;
  readonly open: number;
  readonly high: number;
  readonly low: number;
  readonly close: number;
  readonly volume: number;
}

/** What a strategy may do on a bar: market orders, filled at the next bar's open. */
export interface Orders {
  /** Units held after this bar's fills: positive long, negative short, 0 flat. */
  readonly positionSize: number;
  /** Go long with all available equity, in whole units (backtesting.py's `buy()`). */
  buy(): void;
  /** Go short with all available equity, in whole units (backtesting.py's `sell()`). */
  sell(): void;
  /** Close every open trade (backtesting.py's `position.close()`). */
  closePosition(): void;
}

/** An indicator as a strategy reads it: on the bar that has just closed, and on the one before. */
export interface IndicatorView {
  readonly current: number;
  readonly previous: number;
}

/** Where a strategy gets its indicators (in `init`): computed once per series, shared by every run on it. */
export interface Indicators {
  of(spec: IndicatorSpec): IndicatorView;
  /** `of` each, computed together when neither is computed yet and they can be (IndicatorSpec.computeWith). */
  pairOf(first: IndicatorSpec, second: IndicatorSpec): [IndicatorView, IndicatorView];
}

/**
 * One run of a strategy (what `init` returns). The engine calls `next` once for every bar
 * after the warm-up, in order, after the bar has closed; the strategy reads its indicators
 * and may place orders, which fill at the next bar's open.
 */
export interface StrategyInstance {
  next(bar: Bar, orders: Orders): void;
}

/** How a strategy module describes itself: one of these per file under strategies/. */
export interface StrategySpec<S extends StrategyName> {
  name: S;
  /**
   * Index of the first bar on which every indicator has a value (backtesting.py's
   * indicator warm-up). The strategy may trade from the bar after it (backtesting.py's first
   * `next()`), and Buy & Hold is measured from its close, both as backtesting.py does.
   */
  warmupBars(params: StrategyParams<S>): number;
  /** The parameters that set the warm-up, for messages: e.g. 'slow=200'. */
  describeWarmup(params: StrategyParams<S>): string;
  init(params: StrategyParams<S>, indicators: Indicators): StrategyInstance;
}

/** A strategy with validated parameters, ready to run any number of times. */
export interface PreparedStrategy {
  name: StrategyName;
  params: Readonly<Record<string, unknown>>;
  warmupBars: number;
  warmupReason: string;
  create(indicators: Indicators): StrategyInstance;
}

/** What the registry holds: the parameter types erased behind validation. */
export interface StrategyDefinition {
  readonly name: StrategyName;
  /** Validates `params` against the shared schema (defaults filled in) or throws AppError 'invalid'. */
  prepare(params: unknown): PreparedStrategy;
}

export function defineStrategy<S extends StrategyName>(spec: StrategySpec<S>): StrategyDefinition {
  const schema = STRATEGY_PARAMS[spec.name];
  return {
    name: spec.name,
    prepare(raw) {
      const parsed = safeParseQuoting(schema, raw ?? {});
      if (!parsed.success) {
        const problems = describeIssues(parsed.error.issues, {
          keyNoun: 'parameter',
          knownKeys: { owner: spec.name, keys: Object.keys(schema.shape) },
        });
        throw new AppError('invalid', `Invalid ${spec.name} parameters: ${problems}.`, {
          strategy: spec.name,
          issues: parsed.error.issues,
        });
      }
      const params = parsed.data as StrategyParams<S>;
      return {
        name: spec.name,
        params: params as Readonly<Record<string, unknown>>,
        warmupBars: spec.warmupBars(params),
        warmupReason: spec.describeWarmup(params),
        create: (indicators) => spec.init(params, indicators),
      };
    },
  };
}
