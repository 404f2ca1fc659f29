import { describe, expect, it } from 'vitest';
import type { BacktestStats } from '../../../../shared/backtest';
import { statsFixture } from './backtest-fixture';
import { bestIndexes, type ComparedRun, formatStat, formatStatCard, formatSignedPct } from './stats';

describe('stat formatting', () => {
  it('formats by unit and shows undefined values as a dash', () => {
    expect(formatStat('sharpeRatio', null)).toBe('—');
    expect(formatStat('start', '2004-08-19T00:00:00.000Z')).toBe('2004-08-19');
    expect(formatSignedPct(0)).toBe('0.00 %');
  });
});

describe('formatStatCard', () => {
  it('shows values that fit a card as they are, at full size up to 8 characters', () => {
    expect(formatStatCard('returnPct', 356.07)).toEqual({ text: '356.07 %', exact: null, isLong: false });
    expect(formatStatCard('returnPct', -100)).toEqual({ text: '-100.00 %', exact: null, isLong: true });
    expect(formatStatCard('equityFinal', 51_422.99)).toEqual({ text: '51,422.99', exact: null, isLong: true });
    expect(formatStatCard('sharpeRatio', null)).toEqual({ text: '—', exact: null, isLong: false });
    expect(formatStatCard('start', '2004-08-19T00:00:00.000Z')).toEqual({ text: '2004-08-19', exact: null, isLong: true });
  });

  it('drops the decimals of large values, then goes compact, keeping the exact value', () => {
    expect(formatStatCard('returnPct', 8_489.46)).toEqual({ text: '8,489 %', exact: '8,489.46 %', isLong: false });
    expect(formatStatCard('equityFinal', 4_560_730.11)).toEqual({ text: '4,560,730', exact: '4,560,730.11', isLong: true });
    expect(formatStatCard('equityFinal', 34_357_822.4)).toEqual({ text: '34.4M', exact: '34,357,822.40', isLong: false });
    expect(formatStatCard('returnPct', -123_456.7)).toEqual({ text: '-123K %', exact: '-123,456.70 %', isLong: false });
    expect(formatStatCard('profitFactor', 1.5e12)).toEqual({ text: '1.5T', exact: '1,500,000,000,000.00', isLong: false });
  });

  it('never gives a card more than 9 characters', () => {
    for (let magnitude = 0; magnitude <= 14; magnitude++) {
      for (const value of [1.23456 * 10 ** magnitude, -9.87654 * 10 ** magnitude]) {
        for (const key of ['returnPct', 'equityFinal', 'sharpeRatio', 'tradeCount', 'maxDrawdownDurationDays'] as const) {
          expect(formatStatCard(key, value).text.length).toBeLessThanOrEqual(9);
        }
      }
    }
  });
});

/** A comparison column: `stats` over a traded run's, with 10,000 cash unless given. */
function compared(stats: Partial<BacktestStats> | null, cash = 10_000): ComparedRun {
  return { stats: stats === null ? null : statsFixture(stats), cash };
}

describe('bestIndexes', () => {
  it('marks the best side of a row, ties included', () => {
    expect(bestIndexes('sharpeRatio', [compared({ sharpeRatio: 0.2 }), compared({ sharpeRatio: 0.9 }), compared({ sharpeRatio: null })])).toEqual([1]);
    expect(bestIndexes('maxDrawdownPct', [compared({ maxDrawdownPct: -40 }), compared({ maxDrawdownPct: -12 }), compared({ maxDrawdownPct: -30 })])).toEqual([1]);
    expect(bestIndexes('commissions', [compared({ commissions: 3 }), compared({ commissions: 12 }), compared({ commissions: 3 })])).toEqual([0, 2]);
  });

  it('marks nothing for rows without a better side or all equal', () => {
    expect(bestIndexes('beta', [compared({ beta: 1 }), compared({ beta: 2 })])).toEqual([]);
    expect(bestIndexes('returnPct', [compared({ returnPct: 5 }), compared({ returnPct: 5 })])).toEqual([]);
    expect(bestIndexes('returnPct', [compared({ returnPct: 5 }), compared(null)])).toEqual([]);
  });

  it('marks no money amount between runs that started with different cash', () => {
    const runs = [compared({ equityFinal: 51_422.99, commissions: 0, returnPct: 414.23 }), compared({ equityFinal: 4_560_730.11, commissions: 483_413.67, returnPct: 356.07 }, 1_000_000)];
    expect(bestIndexes('equityFinal', runs)).toEqual([]);
    expect(bestIndexes('equityPeak', runs)).toEqual([]);
    expect(bestIndexes('commissions', runs)).toEqual([]);
    // Percentages compare across cash.
    expect(bestIndexes('returnPct', runs)).toEqual([0]);
  });

  it('marks money amounts between runs with the same cash', () => {
    expect(bestIndexes('equityFinal', [compared({ equityFinal: 51_422.99 }), compared({ equityFinal: 44_933.04 })])).toEqual([0]);
  });

  it('leaves a run that never traded out of risk and trade rows, where its flat equity would win', () => {
    const idle = compared({ tradeCount: 0, volatilityAnnPct: 0, maxDrawdownPct: 0, commissions: 0, returnPct: 0 });
    const runs = [compared({ volatilityAnnPct: 36.49, maxDrawdownPct: -50, commissions: 12, returnPct: -3 }), compared({ volatilityAnnPct: 22.52, maxDrawdownPct: -30, commissions: 20, returnPct: 12 }), idle];
    expect(bestIndexes('volatilityAnnPct', runs)).toEqual([1]);
    expect(bestIndexes('maxDrawdownPct', runs)).toEqual([1]);
    expect(bestIndexes('commissions', runs)).toEqual([0]);
    // Doing nothing still beats losing money.
    expect(bestIndexes('returnPct', [runs[0]!, idle])).toEqual([1]);
    // With one run left to compete, there is nothing to mark.
    expect(bestIndexes('volatilityAnnPct', [runs[0]!, idle])).toEqual([]);
  });
});
