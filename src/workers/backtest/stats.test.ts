import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Trade } from '../../shared/backtest';
import { dayNumber } from './dates';
import {
  accurateSum,
  annualisation,
  computeStats,
  dataPeriodDays,
  drawdownPeriods,
  drawdownSeries,
  geometricMean,
  marketReturns,
  resampleLast,
  type StatsInput,
} from './stats';
import { businessDays, isoDate } from './test-bars';

function daysOf(dates: readonly string[]): Int32Array {
  return Int32Array.from(dates, dayNumber);
}

function trade(entryBar: number, exitBar: number, pnl: number, returnPct: number, durationDays: number, commission = 0): Trade {
  return { size: 1, entryBar, exitBar, entryTime: '', exitTime: '', entryPrice: 1, exitPrice: 1, pnl, returnPct, durationDays, commission };
}

/**
 * Five weekdays, 2024-01-01 (Mon) to 01-05 (Fri). Equity 100 → 110 → 99 → 108.9 → 108.9: period
 * returns (NaN), +10 %, −10 %, +10 %, 0; the close moves the same way.
 */
const DATES = businessDays('2024-01-01', 5);
const EQUITY = [100, 110, 99, 108.9, 108.9];
const CASE: StatsInput = {
  dates: DATES,
  days: daysOf(DATES),
  close: Float64Array.from(EQUITY, (value) => value / 10),
  equity: Float64Array.from(EQUITY),
  trades: [trade(1, 2, 10, 0.1, 2, 1.5), trade(2, 2, -5, -0.05, 1, 0.5), trade(4, 4, 20, 0.2, 5)],
  warmupBars: 0,
};

describe('computeStats on a hand-computed case (backtesting.py definitions)', () => {
  const stats = computeStats(CASE);
  // geometric_mean counts the leading NaN as a zero return: five terms.
  const gmean = (1.1 * 0.9 * 1.1) ** (1 / 5) - 1;
  const annual = (1 + gmean) ** 252 - 1;
  // Sample variance (ddof 1) of 0.1, −0.1, 0.1, 0: mean 0.025, squared deviations sum 0.0275.
  const variance = 0.0275 / 3;

  it('Start, End, Duration, Equity Final and Peak, Return, Buy & Hold', () => {
    expect(stats).toMatchObject({ start: '2024-01-01', end: '2024-01-05', durationDays: 4, equityFinal: 108.9, equityPeak: 110 });
    expect(stats.returnPct).toBeCloseTo(8.9, 12);
    expect(stats.buyAndHoldReturnPct).toBeCloseTo(8.9, 12);
  });

  it('Exposure Time: bars from entry to exit of closed trades, overlaps counted once', () => {
    // Trades span bars 1–2, 2–2 and 4–4: three of five bars.
    expect(stats.exposureTimePct).toBe(60);
  });

  it('Exposure Time counts the bars some trade spans, in whatever order the trades come', () => {
    const bars = 40;
    const span = fc.tuple(fc.nat(bars - 1), fc.nat(bars - 1)).map(([a, b]) => trade(Math.min(a, b), Math.max(a, b), 1, 0.01, 1));
    const closeOrder = (a: Trade, b: Trade) => a.exitBar - b.exitBar;
    fc.assert(
      fc.property(fc.array(span, { maxLength: 12 }), fc.boolean(), (spans, inCloseOrder) => {
        const trades = inCloseOrder ? [...spans].sort(closeOrder) : spans;
        const covered = new Set(trades.flatMap(({ entryBar, exitBar }) => Array.from({ length: exitBar - entryBar + 1 }, (_, index) => entryBar + index)));
        const equity = new Float64Array(bars).fill(100);
        const dates = businessDays('2024-01-01', bars);
        const exposure = computeStats({ dates, days: daysOf(dates), close: equity, equity, trades, warmupBars: 0 }).exposureTimePct;
        expect(exposure).toBe((covered.size / bars) * 100);
      }),
    );
  });

  it('Commissions: paid over all closed trades', () => {
    expect(stats.commissions).toBe(2);
  });

  it('Return (Ann.): geometric mean period return compounded over 252 periods', () => {
    expect(stats.returnAnnPct).toBeCloseTo(annual * 100, 6);
  });

  it('Volatility (Ann.): sqrt((var + (1 + g)²)^252 − (1 + g)^504)', () => {
    const volatility = Math.sqrt((variance + (1 + gmean) ** 2) ** 252 - (1 + gmean) ** 504);
    expect(stats.volatilityAnnPct! / (volatility * 100)).toBeCloseTo(1, 12);
    expect(stats.sharpeRatio! / (annual / volatility)).toBeCloseTo(1, 12);
  });

  it('CAGR: calendar days over 252 periods a year, as backtesting.py divides them', () => {
    expect(stats.cagrPct! / (((108.9 / 100) ** (252 / 4) - 1) * 100)).toBeCloseTo(1, 12);
  });

  it('Sortino: annual return over the root mean square of negative returns, × sqrt(252)', () => {
    // Downside squares: 0.01 and three zeros → mean 0.0025 → 0.05.
    expect(stats.sortinoRatio! / (annual / (0.05 * Math.sqrt(252)))).toBeCloseTo(1, 12);
  });

  it('Max. and Avg. Drawdown, their durations in calendar days, Calmar', () => {
    // Running peak 110 from bar 1: drawdown 0, 0, 0.1, 0.01, 0.01; one period, bar 1 to the last bar.
    expect(stats.maxDrawdownPct).toBeCloseTo(-10, 12);
    expect(stats.avgDrawdownPct).toBeCloseTo(-10, 12);
    expect(stats.maxDrawdownDurationDays).toBe(3);
    expect(stats.avgDrawdownDurationDays).toBe(3);
    expect(stats.calmarRatio! / (annual / 0.1)).toBeCloseTo(1, 12);
  });

  it('Beta: slope of equity log returns on close log returns; Alpha: Return − Beta × Buy & Hold', () => {
    expect(stats.beta).toBeCloseTo(1, 12);
    expect(stats.alphaPct).toBeCloseTo(0, 10);
  });

  it('trade statistics: count, win rate, best, worst, geometric average, durations', () => {
    expect(stats.tradeCount).toBe(3);
    expect(stats.winRatePct).toBeCloseTo(200 / 3, 12);
    expect(stats.bestTradePct).toBeCloseTo(20, 12);
    expect(stats.worstTradePct).toBeCloseTo(-5, 12);
    expect(stats.avgTradePct).toBeCloseTo(((1.1 * 0.95 * 1.2) ** (1 / 3) - 1) * 100, 12);
    expect(stats.maxTradeDurationDays).toBe(5);
    // Mean 8/3 days, rounded up to whole days.
    expect(stats.avgTradeDurationDays).toBe(3);
  });

  it('Profit Factor (on returns), Expectancy, SQN, Kelly', () => {
    expect(stats.profitFactor).toBeCloseTo(0.3 / 0.05, 12);
    expect(stats.expectancyPct).toBeCloseTo((0.25 / 3) * 100, 12);
    // P&L 10, −5, 20: mean 25/3, sample std sqrt(475/3).
    expect(stats.sqn).toBeCloseTo((Math.sqrt(3) * (25 / 3)) / Math.sqrt(475 / 3), 12);
    // Win rate 2/3; average win 15 over average loss 5.
    expect(stats.kellyCriterion).toBeCloseTo(2 / 3 - 1 / 3 / 3, 12);
  });
});

describe('computeStats where backtesting.py gives NaN', () => {
  it('no trades and flat equity: trade statistics, ratios and drawdown durations are null', () => {
    const dates = businessDays('2024-01-01', 4);
    const stats = computeStats({
      dates,
      days: daysOf(dates),
      close: Float64Array.of(10, 11, 12, 13),
      equity: Float64Array.of(100, 100, 100, 100),
      trades: [],
      warmupBars: 0,
    });
    expect(stats).toMatchObject({
      tradeCount: 0,
      exposureTimePct: 0,
      returnPct: 0,
      returnAnnPct: 0,
      volatilityAnnPct: 0,
      maxDrawdownPct: 0,
      commissions: 0,
      beta: 0,
      alphaPct: 0,
      sharpeRatio: null,
      sortinoRatio: null,
      calmarRatio: null,
      avgDrawdownPct: null,
      maxDrawdownDurationDays: null,
      avgDrawdownDurationDays: null,
      winRatePct: null,
      bestTradePct: null,
      worstTradePct: null,
      avgTradePct: null,
      maxTradeDurationDays: null,
      avgTradeDurationDays: null,
      profitFactor: null,
      expectancyPct: null,
      sqn: null,
      kellyCriterion: null,
    });
  });

  it('one losing trade: SQN (no spread) and Kelly (no winners) are null, Profit Factor 0', () => {
    const stats = computeStats({ ...CASE, trades: [trade(1, 3, -5, -0.05, 2)] });
    expect(stats).toMatchObject({ tradeCount: 1, winRatePct: 0, profitFactor: 0, sqn: null, kellyCriterion: null });
  });
});

describe('drawdownPeriods (compute_drawdown_duration_peaks)', () => {
  it('reproduces backtesting.py’s test_compute_drawdown', () => {
    const drawdown = Float64Array.of(0, 1, 7, 0, 4, 0, 0);
    const days = Int32Array.of(0, 1, 2, 3, 4, 5, 6);
    expect(drawdownPeriods(drawdown, days)).toEqual({ durations: [3, 2], depths: [7, 4] });
  });

  it('measures in calendar days and lets a drawdown still open at the end run to the last bar', () => {
    const dates = ['2024-01-05', '2024-01-08', '2024-01-09', '2024-01-10'];
    const drawdown = drawdownSeries(Float64Array.of(100, 90, 95, 99));
    const periods = drawdownPeriods(drawdown, daysOf(dates));
    expect(periods.durations).toEqual([5]);
    expect(periods.depths[0]).toBeCloseTo(0.1, 15);
  });
});

describe('annualisation (periods per year from the index)', () => {
  it('252 for daily bars without weekends, 365 with them', () => {
    expect(annualisation(daysOf(businessDays('2024-01-01', 300)))).toEqual({ periodsPerYear: 252, rule: 'D' });
    const everyDay = Int32Array.from({ length: 300 }, (_, index) => dayNumber('2024-01-01') + index);
    expect(annualisation(everyDay)).toEqual({ periodsPerYear: 365, rule: 'D' });
  });

  it('52 for weekly bars, resampled into W-SUN weeks; 12 for 31-day spacing; 1 for yearly', () => {
    const weekly = Int32Array.from({ length: 60 }, (_, index) => dayNumber('2024-01-07') + 7 * index);
    expect(annualisation(weekly)).toEqual({ periodsPerYear: 52, rule: 'W' });
    expect(annualisation(Int32Array.from({ length: 10 }, (_, index) => 31 * index))).toEqual({ periodsPerYear: 12, rule: 'ME' });
    expect(annualisation(Int32Array.from({ length: 10 }, (_, index) => 365 * index))).toEqual({ periodsPerYear: 1, rule: 'YE' });
  });

  it('dataPeriodDays is the median spacing of the last 100 bars', () => {
    expect(dataPeriodDays(Int32Array.of(0, 1, 2, 5, 6))).toBe(1);
    expect(dataPeriodDays(Int32Array.of(0, 7, 14, 22))).toBe(7);
  });

  it('resampleLast keeps the last value of each week (weeks end on Sunday)', () => {
    // Mon 2024-01-01 … Wed 01-10: two weeks, ending Sun 01-07 and Sun 01-14.
    const dates = businessDays('2024-01-01', 8);
    const equity = Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8);
    expect(Array.from(resampleLast(equity, daysOf(dates), 'W'))).toEqual([5, 8]);
    expect(isoDate(dayNumber(dates[7]!))).toBe('2024-01-10');
  });
});

describe('geometricMean (backtesting.py geometric_mean)', () => {
  it('counts NaN as zero and gives 0 once a return reaches −100 %', () => {
    expect(geometricMean([Number.NaN, 0.21])).toBeCloseTo(1.21 ** 0.5 - 1, 14);
    expect(geometricMean([0.5, -1, 0.2])).toBe(0);
    expect(geometricMean([])).toBeNaN();
  });
});

/**
 * backtesting.py's drawdown statistics the long way, from the drawdown curve: what
 * computeStats gives from the equity alone, comparing instead of dividing.
 */
function drawdownsFromCurve(equity: Float64Array, days: Int32Array) {
  const drawdown = drawdownSeries(equity);
  const { durations, depths } = drawdownPeriods(drawdown, days);
  const averaged = depths.length > 0 ? depths : Array.from(drawdown).filter((value) => value !== 0 && !Number.isNaN(value));
  const deepest = Math.max(0, ...Array.from(drawdown).filter((value) => !Number.isNaN(value)));
  const finite = (value: number): number | null => (Number.isFinite(value) ? value : null);
  return {
    maxDrawdownPct: deepest === 0 ? 0 : -deepest * 100,
    avgDrawdownPct: finite((-accurateSum(averaged) / averaged.length) * 100),
    maxDrawdownDurationDays: finite(Math.max(...durations)),
    avgDrawdownDurationDays: finite(Math.ceil(durations.reduce((sum, days) => sum + days, 0) / durations.length)),
    equityPeak: Math.max(...Array.from(equity).filter((value) => !Number.isNaN(value))),
  };
}

function statsOf(equity: readonly number[]) {
  const dates = businessDays('2024-01-01', equity.length);
  return computeStats({
    dates,
    days: daysOf(dates),
    close: Float64Array.from(equity, (_, index) => 10 + index),
    equity: Float64Array.from(equity),
    trades: [],
    warmupBars: 0,
  });
}

function expectDrawdownsFromCurve(equity: readonly number[]): void {
  const stats = statsOf(equity);
  const expected = drawdownsFromCurve(Float64Array.from(equity), daysOf(businessDays('2024-01-01', equity.length)));
  expect(
    {
      maxDrawdownPct: stats.maxDrawdownPct,
      avgDrawdownPct: stats.avgDrawdownPct,
      maxDrawdownDurationDays: stats.maxDrawdownDurationDays,
      avgDrawdownDurationDays: stats.avgDrawdownDurationDays,
      equityPeak: stats.equityPeak,
    },
    `equity ${equity.join(', ')}`,
  ).toEqual(expected);
}

describe('drawdowns from the equity alone (no drawdown curve)', () => {
  it('a period’s depth is 1 − its lowest equity / the peak, bit for bit the deepest of its drawdowns', () => {
    // Within a period the peak is fixed: 1 − v / peak falls as v rises, rounding included.
    const peak = 75_787.44;
    const values = [75_787.43, 39_424.23, 51_422.99, 0.01, 75_000, 1e-300];
    const deepest = Math.max(...values.map((value) => 1 - value / peak));
    expect(statsOf([peak, ...values]).maxDrawdownPct).toBe(-deepest * 100);
    expect(deepest).toBe(1 - Math.min(...values) / peak);
  });

  it('counts a bar back exactly at the peak as the end of a period, as the curve’s 0 does', () => {
    // Ties: 100 again at bars 2, 4, 5 and 100.5 twice; the curve is exactly 0 there.
    const equity = [100, 90, 100, 95, 100, 100, 80, 100.5, 100.5, 99];
    expectDrawdownsFromCurve(equity);
    const stats = statsOf(equity);
    expect(stats.maxDrawdownPct).toBeCloseTo(-20, 12);
    // Periods (Mon 1 to Fri 12 January): bars 0–2, 2–4 and 5–7 (2 days each), 8–9 (the last bar, 1 day); none between the
    // peaks at bars 4 and 5.
    expect(stats).toMatchObject({ maxDrawdownDurationDays: 2, avgDrawdownDurationDays: 2, equityPeak: 100.5 });
  });

  it('agrees with the curve on hand-made equity: flat, rising, a last bar below the peak, ruin', () => {
    for (const equity of [
      [100, 100, 100, 100],
      [100, 101, 102, 103],
      [100, 90],
      [100, 100, 90],
      [100, 110, 99, 108.9, 108.9],
      [100, 90, 80, 0, 0, 0],
      [100, 100.00000000000001, 100, 100.00000000000001],
      [5, 4, 3, 2, 1],
      [100],
    ]) {
      expectDrawdownsFromCurve(equity);
    }
  });

  it('leaves equity that does not start positive and finite, or has NaN, to the curve', () => {
    for (const equity of [
      [0, 10, 5, 20],
      [-5, -3, -4, 1],
      [Number.NaN, 100, 90, 110],
      [100, 90, Number.NaN, 95, 101, 90],
      [100, 90, 95, Number.NaN],
      [100, Number.POSITIVE_INFINITY, 50, 60],
      [100, -20, 50, 120, 30],
    ]) {
      expectDrawdownsFromCurve(equity);
    }
  });

  it('agrees with the curve on random equity with ties, flat stretches and new highs', () => {
    const step = fc.oneof(
      fc.constant('same' as const),
      fc.constant('peak' as const),
      fc.double({ min: -0.2, max: 0.2, noNaN: true }),
    );
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 120 }), (steps) => {
        const equity = [1_000];
        for (const move of steps) {
          const last = equity.at(-1)!;
          equity.push(move === 'same' ? last : move === 'peak' ? Math.max(...equity) : last * (1 + move));
        }
        expectDrawdownsFromCurve(equity);
      }),
      { seed: 20_240_917, numRuns: 300 },
    );
  });
});

describe('returns statistics where the ratio is not a usual one', () => {
  /** Return (Ann.) and Beta the long way: Math.log on every ratio, plain sums. */
  function returnsFromDefinitions(equity: readonly number[], close: readonly number[]) {
    const changes = equity.slice(1).map((value, index) => value / equity[index]! - 1);
    const gmean = geometricMean([Number.NaN, ...changes]);
    const y = equity.slice(1).map((value, index) => Math.log(value / equity[index]!));
    const x = close.slice(1).map((value, index) => Math.log(value / close[index]!));
    const meanOf = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    const [mx, my] = [meanOf(x), meanOf(y)];
    const covariance = x.reduce((sum, value, index) => sum + (value - mx) * (y[index]! - my), 0);
    const variance = x.reduce((sum, value) => sum + (value - mx) ** 2, 0);
    return { returnAnnPct: ((1 + gmean) ** 252 - 1) * 100, beta: covariance / variance };
  }

  it('takes Math.log afresh for big moves (beyond ±29 %), moves under a part in a million, and flat bars', () => {
    const equity = [100, 160, 96, 96, 96.00001, 96.000010000001, 130, 40, 41, 41.5, 41.5, 70, 69.99999];
    const close = [10, 11, 10.5, 12, 11, 11.5, 13, 9, 9.5, 10, 10.2, 12, 11.9];
    const dates = businessDays('2024-01-01', equity.length);
    const stats = computeStats({
      dates,
      days: daysOf(dates),
      close: Float64Array.from(close),
      equity: Float64Array.from(equity),
      trades: [],
      warmupBars: 0,
    });
    const expected = returnsFromDefinitions(equity, close);
    expect(stats.returnAnnPct! / expected.returnAnnPct).toBeCloseTo(1, 11);
    expect(stats.beta! / expected.beta).toBeCloseTo(1, 11);
  });

  /** Return (Ann.) and Beta of `equity` on `close` agree with their definitions to 1e-11 (null where those are NaN). */
  function expectDefinitions(equity: readonly number[], close: readonly number[]) {
    const dates = businessDays('2024-01-01', equity.length);
    const stats = computeStats({ dates, days: daysOf(dates), close: Float64Array.from(close), equity: Float64Array.from(equity), trades: [], warmupBars: 0 });
    const expected = returnsFromDefinitions(equity, close);
    for (const key of ['returnAnnPct', 'beta'] as const) {
      if (Number.isNaN(expected[key])) expect(stats[key], key).toBeNull();
      else expect(Math.abs(stats[key]! - expected[key]), key).toBeLessThanOrEqual(1e-11 * Math.abs(expected[key]) + 1e-15);
    }
  }

  it('agrees with the definitions on random walks of usual daily moves, and with a few big ones', () => {
    // Moves up to ±5 % in millionths, unbiased: fast-check's usual values (many alike, or tiny) would leave Beta's covariance mostly rounding.
    const move = fc.noBias(fc.integer({ min: -50_000, max: 50_000 })).map((millionths) => millionths / 1e6);
    const walk = fc.array(fc.tuple(move, move), { minLength: 3, maxLength: 600 });
    fc.assert(
      fc.property(walk, fc.array(fc.nat(), { maxLength: 3 }), (moves, bigMoveBars) => {
        const equity = [10_000];
        const close = [50];
        for (const [equityMove, closeMove] of moves) {
          equity.push(equity.at(-1)! * (1 + equityMove));
          close.push(close.at(-1)! * (1 + closeMove));
        }
        // A move beyond ±29 % takes the statistics' other way of summing.
        for (const bar of bigMoveBars) equity[1 + (bar % (equity.length - 1))]! *= 1.5;
        expectDefinitions(equity, close);
      }),
      { seed: 20_261_124, numRuns: 300 },
    );
  });

  it('gives the same statistics with the market’s returns computed once (StatsInput.market) or each time', () => {
    expect(computeStats({ ...CASE, market: marketReturns(CASE.close) })).toEqual(computeStats(CASE));
  });
});
