/** Bars for tests: GOOG.csv as backtesting.py ships it, and small hand-made series. */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { BarRow, BarSeries } from '../../main/store/market/bars';
import { parseBarCsv } from '../tasks/csv';
import { barSeriesFromRows } from './engine';
import { civilFromDays, dayNumber, weekday } from './dates';

const GOOG_CSV = fileURLToPath(new URL('../../../resources/sample-data/GOOG.csv', import.meta.url));

/** resources/sample-data/GOOG.csv: 2,148 daily bars, 2004-08-19 to 2013-03-01 (backtesting.py's test data). */
export function googBars(): BarSeries {
  const parsed: BarRow[] | BarSeries = parseBarCsv('GOOG.csv', readFileSync(GOOG_CSV, 'utf8'));
  return Array.isArray(parsed) ? barSeriesFromRows(parsed) : parsed;
}

/** The first `count` bars of a series (copies). */
export function headBars(series: BarSeries, count: number): BarSeries {
  return {
    dates: series.dates.slice(0, count),
    open: series.open.slice(0, count),
    high: series.high.slice(0, count),
    low: series.low.slice(0, count),
    close: series.close.slice(0, count),
    adjClose: series.adjClose.slice(0, count),
    volume: series.volume.slice(0, count),
  };
}

/** Business days from `first` ('YYYY-MM-DD'), `count` of them. */
export function businessDays(first: string, count: number): string[] {
  const dates: string[] = [];
  let day = dayNumber(first);
  while (dates.length < count) {
    if (weekday(day) < 5) dates.push(isoDate(day));
    day += 1;
  }
  return dates;
}

export function isoDate(day: number): string {
  const { year, month, day: dayOfMonth } = civilFromDays(day);
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
}

/**
 * A series from opens and closes (high and low are their max and min), on business days
 * from 2024-01-01 unless `dates` are given.
 */
export function barsOf(opens: readonly number[], closes: readonly number[], dates?: readonly string[]): BarSeries {
  const count = closes.length;
  const rows: BarRow[] = closes.map((close, index) => {
    const open = opens[index]!;
    return {
      date: dates?.[index] ?? '',
      open,
      high: Math.max(open, close),
      low: Math.min(open, close),
      close,
      adjClose: null,
      volume: 1000,
    };
  });
  const series = barSeriesFromRows(rows);
  if (dates === undefined) series.dates = businessDays('2024-01-01', count);
  return series;
}

/** Bars whose open equals the previous close: `barsOf` from closes alone. */
export function barsFromCloses(closes: readonly number[], firstOpen = closes[0]!): BarSeries {
  return barsOf([firstOpen, ...closes.slice(0, -1)], closes);
}
