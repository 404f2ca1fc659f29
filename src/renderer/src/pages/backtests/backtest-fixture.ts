import type { BacktestDetail, BacktestStats } from '../../../../shared/backtest';

/** Statistics for tests: a run that traded, every field set, overridden as needed. */
export function statsFixture(overrides: Partial<BacktestStats> = {}): BacktestStats {
  return {
    start: '2004-08-19T00:00:00.000Z',
    end: '2013-03-01T00:00:00.000Z',
    durationDays: 3116,
    exposureTimePct: 96.74,
    equityFinal: 51_422.99,
    equityPeak: 75_787.44,
    commissions: 0,
    returnPct: 414.23,
    buyAndHoldReturnPct: 522.06,
    returnAnnPct: 21.18,
    volatilityAnnPct: 36.49,
    cagrPct: 14.16,
    sharpeRatio: 0.58,
    sortinoRatio: 1.08,
    calmarRatio: 0.3,
    alphaPct: 100,
    beta: 0.6,
    maxDrawdownPct: -50,
    avgDrawdownPct: -8,
    maxDrawdownDurationDays: 900,
    avgDrawdownDurationDays: 60,
    tradeCount: 40,
    winRatePct: 45,
    bestTradePct: 80,
    worstTradePct: -20,
    avgTradePct: 4,
    maxTradeDurationDays: 300,
    avgTradeDurationDays: 70,
    profitFactor: 2,
    expectancyPct: 5,
    sqn: 1.5,
    kellyCriterion: 0.2,
    ...overrides,
  };
}

/** A stored run for tests: sma-cross on GOOG with default broker settings, overridden as needed. */
export function backtestFixture(overrides: Partial<BacktestDetail> = {}): BacktestDetail {
  return {
    id: 'run-1',
    jobId: 'job-1',
    sweepId: null,
    name: null,
    strategy: 'sma-cross',
    params: { fast: 10, slow: 30 },
    symbols: ['GOOG'],
    status: 'succeeded',
    stats: statsFixture(),
    notes: '',
    hasDetails: true,
    createdAt: '2026-11-23T06:44:55.000Z',
    config: {
      strategy: 'sma-cross',
      params: { fast: 10, slow: 30 },
      symbols: ['GOOG'],
      from: null,
      to: null,
      broker: { cash: 10_000, commission: 0, spread: 0, finalizeTrades: true },
      engineVersion: '1.0.0+backtesting.py-0.6.5',
      dataHash: 'a31fab71',
    },
    perSymbol: [],
    fullRunId: null,
    ...overrides,
  };
}
