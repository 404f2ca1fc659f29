/**
 * Calendar arithmetic on 'YYYY-MM-DD' dates as whole days since 1970-01-01 (UTC), without
 * `Date` objects: statistics need the weekday, week, month and year of every bar, and
 * parsing a Date per bar would cost more than the backtest itself.
 */

const CHAR_ZERO = 48;
const CHAR_DASH = 45;

function digit(text: string, at: number): number {
  const value = text.charCodeAt(at) - CHAR_ZERO;
  return value >= 0 && value <= 9 ? value : Number.NaN;
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian), after H. Hinnant's `days_from_civil`. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const shiftedYear = month <= 2 ? year - 1 : year;
  const era = Math.floor(shiftedYear / 400);
  const yearOfEra = shiftedYear - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}

/** Year and month (1–12) of a day number. */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const shifted = days + 719_468;
  const era = Math.floor(shifted / 146_097);
  const dayOfEra = shifted - era * 146_097;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const monthIndex = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * monthIndex + 2) / 5) + 1;
  const month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9;
  return { year: era * 400 + yearOfEra + (month <= 2 ? 1 : 0), month, day };
}

/** Day number of a 'YYYY-MM-DD' date, or NaN when the text is not a real date in that form. */
export function dayNumber(date: string): number {
  if (date.length !== 10 || date.charCodeAt(4) !== CHAR_DASH || date.charCodeAt(7) !== CHAR_DASH) return Number.NaN;
  const year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const month = digit(date, 5) * 10 + digit(date, 6);
  const day = digit(date, 8) * 10 + digit(date, 9);
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return Number.NaN;
  return daysFromCivil(year, month, day);
}

/**
 * Day numbers of a column of dates, into `days`; returns the index of the first date that is
 * not a real 'YYYY-MM-DD' date, or −1. Sorted dates mostly share their month with the bar
 * before, so the calendar arithmetic runs once a month, not once a bar.
 */
export function parseDayNumbers(dates: readonly string[], days: Int32Array): number {
  let cachedMonth = -1;
  let monthStart = 0;
  let monthLength = 0;
  for (let index = 0; index < dates.length; index++) {
    const date = dates[index]!;
    if (date.length !== 10 || date.charCodeAt(4) !== CHAR_DASH || date.charCodeAt(7) !== CHAR_DASH) return index;
    const year = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
    const month = digit(date, 5) * 10 + digit(date, 6);
    const day = digit(date, 8) * 10 + digit(date, 9);
    const yearMonth = year * 12 + month;
    if (!(yearMonth >= 0)) return index;
    if (yearMonth !== cachedMonth) {
      if (!(month >= 1 && month <= 12)) return index;
      cachedMonth = yearMonth;
      monthStart = daysFromCivil(year, month, 1);
      monthLength = daysInMonth(year, month);
    }
    if (!(day >= 1 && day <= monthLength)) return index;
    days[index] = monthStart + day - 1;
  }
  return -1;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Weekday as pandas numbers it: Monday 0 … Sunday 6 (1970-01-01 was a Thursday). */
export function weekday(days: number): number {
  return (((days + 3) % 7) + 7) % 7;
}

/**
 * Which bucket a day falls in when resampling at `rule`, as pandas labels them:
 * 'D' the day itself, 'W' (W-SUN) the Sunday ending its week, 'ME' its month, 'YE' its year.
 */
export type ResampleRule = 'D' | 'W' | 'ME' | 'YE';

export function resampleKey(days: number, rule: ResampleRule): number {
  switch (rule) {
    case 'D':
      return days;
    case 'W':
      return days + 6 - weekday(days);
    case 'ME': {
      const { year, month } = civilFromDays(days);
      return year * 12 + month;
    }
    case 'YE':
      return civilFromDays(days).year;
  }
}
