/**
 * GOOG.csv against the figures backtesting.py publishes for it (kernc/backtesting.py):
 * - backtesting/test/_test.py `test_compute_stats` (0.6.x): `Backtest(GOOG, SmaCross,
 *   finalize_trades=True).run()`, SmaCross fast=10 slow=30, default cash 10,000, no
 *   commission, no spread — every statistic, to 16 digits;
 * - the Quick Start User Guide (doc/examples, as published with 0.6.4):
 *   `Backtest(GOOG, SmaCross, cash=10_000, commission=.002).run()`, SmaCross n1=10 n2=20,
 *   finalize off — the printed table, to 2 decimals;
 * - test_stats_annualized: the same SmaCross on GOOG resampled to weeks.
 */
import { describe, expect, it } from 'vitest';
import type { BacktestStats } from '../../shared/backtest';
import type { BarSeries } from '../../main/store/market/bars';
import { dayNumber, weekday } from './dates';
import { runBacktestSync } from './engine';
import { geometricMean, sampleVariance } from './stats';
import { googBars, isoDate } from './test-bars';

const GOOG = googBars();

function smaCross(fast: number, slow: number, broker: { commission: number; finalizeTrades: boolean }) {
  return runBacktestSync({
    bars: GOOG,
    strategy: 'sma-cross',
    params: { fast, slow },
    broker: { cash: 10_000, spread: 0, ...broker },
  });
}

/** backtesting.py's expected values, keyed as ours; durations in days. */
const TEST_COMPUTE_STATS: Partial<BacktestStats> = {
  start: '2004-08-19',
  end: '2013-03-01',
  durationDays: 3116,
  exposureTimePct: 96.74115456238361,
  equityFinal: 51422.98999999996,
  equityPeak: 75787.44,
  returnPct: 414.2298999999996,
  buyAndHoldReturnPct: 522.0601851851852,
  returnAnnPct: 21.180255813792282,
  volatilityAnnPct: 36.49390889140787,
  cagrPct: 14.159843619607383,
  sharpeRatio: 0.5803778344714113,
  sortinoRatio: 1.0847880675854096,
  calmarRatio: 0.4414380935608377,
  alphaPct: 394.37391142027462,
  beta: 0.03803390709192,
  maxDrawdownPct: -47.98012705007589,
  avgDrawdownPct: -5.925851581948801,
  maxDrawdownDurationDays: 584,
  avgDrawdownDurationDays: 41,
  tradeCount: 66,
  winRatePct: 46.96969696969697,
  bestTradePct: 53.59595229490424,
  worstTradePct: -18.39887353835481,
  avgTradePct: 2.531715975158555,
  maxTradeDurationDays: 183,
  avgTradeDurationDays: 46,
  profitFactor: 2.167945974262033,
  expectancyPct: 3.2748078066748834,
  sqn: 1.0766187356697705,
  kellyCriterion: 0.1518705127029717,
};

/** |actual − expected| ≤ tolerance × |expected| for numbers; equality otherwise. */
function expectClose(actual: BacktestStats, expected: Partial<BacktestStats>, relativeTolerance: number): void {
  for (const [key, value] of Object.entries(expected)) {
    const got = actual[key as keyof BacktestStats];
    if (typeof value === 'number' && typeof got === 'number') {
      expect(Math.abs(got - value), `${key}: ${got} vs ${value}`).toBeLessThanOrEqual(relativeTolerance * Math.abs(value));
    } else {
      expect(got, key).toEqual(value);
    }
  }
}

describe('GOOG, sma-cross 10/30, cash 10,000, no commission, finalize (backtesting.py test_compute_stats)', () => {
  const outcome = smaCross(10, 30, { commission: 0, finalizeTrades: true });

  it('reproduces every published statistic to 1e-12 relative (backtesting.py checks its own to 1e-8)', () => {
    expectClose(outcome.stats, TEST_COMPUTE_STATS, 1e-12);
    expect(outcome.stats.commissions).toBe(0);
  });

  it('has 66 trades, alternating long and short, each entered at the open after a crossover', () => {
    expect(outcome.trades).toHaveLength(66);
    outcome.trades.forEach((trade, index) => {
      if (index > 0) expect(Math.sign(trade.size)).toBe(-Math.sign(outcome.trades[index - 1]!.size));
      expect(trade.entryPrice).toBe(GOOG.open[trade.entryBar]);
      expect(trade.entryTime).toBe(GOOG.dates[trade.entryBar]);
    });
    // The first decision can only come on bar 30 (SMA(30) first defined on bar 29), filled on 31 or later.
    expect(outcome.trades[0]!.entryBar).toBeGreaterThanOrEqual(31);
    // finalize: the last trade closes at the last bar's open.
    expect(outcome.trades.at(-1)).toMatchObject({ exitBar: 2147, exitPrice: GOOG.open[2147] });
  });

  it('returns the equity curve and drawdown per bar', () => {
    expect(outcome.equity).toHaveLength(2148);
    expect(outcome.equity[0]).toBe(10_000);
    expect(outcome.equity[2147]).toBe(TEST_COMPUTE_STATS.equityFinal);
    expect(Math.max(...outcome.drawdown)).toBeCloseTo(0.4798012705007589, 14);
    expect(outcome.dates).toBe(GOOG.dates);
  });
});

describe('GOOG, sma-cross 10/30, no commission, finalize off (backtesting.py’s default)', () => {
  const finalized = smaCross(10, 30, { commission: 0, finalizeTrades: true });
  const open = smaCross(10, 30, { commission: 0, finalizeTrades: false });

  it('leaves the 66th trade open: 65 trades, the same as the first 65 finalized ones', () => {
    expect(open.stats.tradeCount).toBe(65);
    expect(open.trades).toEqual(finalized.trades.slice(0, 65));
    expect(open.warnings).toEqual(['Trades still open at the end, left out of the statistics (finalizeTrades is off): 1.']);
  });

  it('marks that trade at the last close instead of closing it at the last open', () => {
    const last = finalized.trades[65]!;
    expect(open.stats.equityFinal).toBeCloseTo(finalized.stats.equityFinal + last.size * (GOOG.close[2147]! - GOOG.open[2147]!), 6);
    expect(Array.from(open.equity.subarray(0, 2147))).toEqual(Array.from(finalized.equity.subarray(0, 2147)));
  });
});

describe('GOOG, sma-cross 10/20, cash 10,000, commission 0.2 %, finalize off (Quick Start User Guide)', () => {
  const outcome = smaCross(10, 20, { commission: 0.002, finalizeTrades: false });
  const round2 = (value: number | null): number | null => (value === null ? null : Math.round(value * 100) / 100);

  it('reproduces the published equity and risk figures to the printed 2 decimals', () => {
    const { stats } = outcome;
    const printed: Partial<Record<keyof BacktestStats, number>> = {
      exposureTimePct: 94.27,
      equityFinal: 56263.52,
      equityPeak: 56309.06,
      commissions: 10563.95,
      returnPct: 462.64,
      buyAndHoldReturnPct: 607.37,
      returnAnnPct: 22.47,
      volatilityAnnPct: 37.41,
      cagrPct: 14.99,
      sharpeRatio: 0.6,
      sortinoRatio: 1.14,
      calmarRatio: 0.66,
      alphaPct: 450.62,
      beta: 0.02,
      maxDrawdownPct: -33.93,
      avgDrawdownPct: -6.16,
      maxDrawdownDurationDays: 830,
      avgDrawdownDurationDays: 50,
      tradeCount: 93,
      maxTradeDurationDays: 121,
      avgTradeDurationDays: 32,
    };
    for (const [key, value] of Object.entries(printed)) expect(round2(stats[key as keyof typeof printed] as number | null), key).toBe(value);
    expect(stats).toMatchObject({ start: '2004-08-19', end: '2013-03-01', durationDays: 3116 });
  });

  it('fills as published: its trade figures are those of gross P&L (0.6.4, before commissions entered Trade.pl)', () => {
    const returns = outcome.trades.map((trade) => Math.sign(trade.size) * (trade.exitPrice / trade.entryPrice - 1));
    const pnl = outcome.trades.map((trade) => trade.size * (trade.exitPrice - trade.entryPrice));
    const mean = (values: number[]): number => values.reduce((sum, value) => sum + value, 0) / values.length;
    const winRate = pnl.filter((value) => value > 0).length / pnl.length;
    const gains = returns.filter((value) => value > 0).reduce((sum, value) => sum + value, 0);
    const losses = returns.filter((value) => value < 0).reduce((sum, value) => sum + value, 0);
    expect(round2(winRate * 100)).toBe(54.84);
    expect(round2(Math.max(...returns) * 100)).toBe(57.43);
    expect(round2(Math.min(...returns) * 100)).toBe(-16.4);
    expect(round2(geometricMean(returns) * 100)).toBe(2.16);
    expect(round2(gains / -losses)).toBe(2.27);
    expect(round2(mean(returns) * 100)).toBe(2.69);
    expect(round2((Math.sqrt(pnl.length) * mean(pnl)) / Math.sqrt(sampleVariance(pnl)))).toBe(2.01);
    const averageWin = mean(pnl.filter((value) => value > 0));
    const averageLoss = mean(pnl.filter((value) => value < 0));
    expect(round2(winRate - (1 - winRate) / (averageWin / -averageLoss))).toBe(0.26);
  });

  it('reports trade figures net of commission, as backtesting.py 0.6.5 does', () => {
    const { stats } = outcome;
    expect(stats.winRatePct).toBeLessThan(54.84);
    for (const trade of outcome.trades) {
      const gross = trade.size * (trade.exitPrice - trade.entryPrice);
      expect(trade.pnl).toBeCloseTo(gross - trade.commission, 9);
      expect(trade.commission).toBeCloseTo(Math.abs(trade.size) * (trade.entryPrice + trade.exitPrice) * 0.002, 9);
    }
  });
});

/** pandas `GOOG.resample('W').agg(OHLCV_AGG)`: weeks ending Sunday, labelled by that Sunday. */
function weeklyGoog(): BarSeries {
  const weeks: { date: string; open: number; high: number; low: number; close: number; volume: number }[] = [];
  GOOG.dates.forEach((date, index) => {
    const day = dayNumber(date);
    const sunday = isoDate(day + 6 - weekday(day));
    const week = weeks.at(-1);
    const [open, high, low, close, volume] = [GOOG.open, GOOG.high, GOOG.low, GOOG.close, GOOG.volume].map((column) => column[index]!) as [
      number, number, number, number, number,
    ];
    if (week?.date === sunday) {
      week.high = Math.max(week.high, high);
      week.low = Math.min(week.low, low);
      week.close = close;
      week.volume += volume;
    } else {
      weeks.push({ date: sunday, open, high, low, close, volume });
    }
  });
  return {
    dates: weeks.map((week) => week.date),
    open: Float64Array.from(weeks, (week) => week.open),
    high: Float64Array.from(weeks, (week) => week.high),
    low: Float64Array.from(weeks, (week) => week.low),
    close: Float64Array.from(weeks, (week) => week.close),
    adjClose: new Float64Array(weeks.length).fill(Number.NaN),
    volume: Float64Array.from(weeks, (week) => week.volume),
  };
}

describe('GOOG weekly, sma-cross 10/30 (backtesting.py test_stats_annualized)', () => {
  it('annualises over 52 weekly periods: Return (Ann.) rounds to −3 %', () => {
    const outcome = runBacktestSync({
      bars: weeklyGoog(),
      strategy: 'sma-cross',
      params: { fast: 10, slow: 30 },
      broker: { cash: 10_000, commission: 0, spread: 0, finalizeTrades: false },
    });
    expect(outcome.stats.returnAnnPct).not.toBeNull();
    expect(Math.round(outcome.stats.returnAnnPct!)).toBe(-3);
  });
});
