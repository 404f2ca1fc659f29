import type { JobRecord } from '../../../shared/job';

const countFormat = new Intl.NumberFormat();

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** A whole count with the user's digit grouping. */
export function formatCount(value: number): string {
  return countFormat.format(value);
}

/** A fraction in [0, 1] as a whole percentage. */
export function formatPercent(fraction: number): string {
  return `${Math.round(Math.min(1, Math.max(0, fraction)) * 100)}%`;
}

/** A duration as a clock: `0:07`, `12:34`, `1:02:03`. */
export function formatDuration(milliseconds: number): string {
  const totalSeconds = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  return hours > 0 ? `${hours}:${pad(minutes)}:${pad(seconds)}` : `${minutes}:${pad(seconds)}`;
}

/** A finished duration with the precision short ones need: `840 ms`, `4.2 s`, then as a clock. */
export function formatPreciseDuration(milliseconds: number): string {
  if (milliseconds < 1000) return `${Math.max(0, Math.round(milliseconds))} ms`;
  if (milliseconds < 10_000) return `${(Math.floor(milliseconds / 100) / 10).toFixed(1)} s`;
  return formatDuration(milliseconds);
}

/** A UTC timestamp in local time, ISO-like: `2026-11-22 20:14:05`. */
/** A run's params as `fast=10 · slow=30`. */
export function formatParams(params: Record<string, number>): string {
  return Object.entries(params)
    .map(([name, value]) => `${name}=${value}`)
    .join(' · ');
}

export function formatDateTime(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`;
}

/** A log entry's local time: `20:14:05.123` on the day of `now`, `11-21 20:14:05.123` on another. */
export function formatLogTime(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  const isToday = date.getFullYear() === now.getFullYear() && date.getMonth() === now.getMonth() && date.getDate() === now.getDate();
  return isToday ? formatTimeOfDay(iso) : `${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${formatTimeOfDay(iso)}`;
}

/** The local time of day with milliseconds: `20:14:05.123`. */
export function formatTimeOfDay(iso: string): string {
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds(), 3)}`;
}

/** The last segment of a POSIX or Windows path. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).at(-1) ?? path;
}

/**
 * How long a job has taken so far: waiting time while queued, run time once started,
 * fixed once finished.
 */
export function jobElapsedMs(job: Pick<JobRecord, 'createdAt' | 'startedAt' | 'finishedAt'>, now: number): number {
  const start = Date.parse(job.startedAt ?? job.createdAt);
  const end = job.finishedAt ? Date.parse(job.finishedAt) : now;
  return Math.max(0, end - start);
}
