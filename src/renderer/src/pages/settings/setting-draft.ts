import { DEFAULT_SETTINGS, MAX_SWEEP_CELL_LIMIT, SETTING_FIELDS } from '../../../../shared/settings';
import { formatCount } from '../../format/format';

/** The sweep cell limit as typed: the number to save, or why it cannot be saved. */
export type LimitDraft = { value: number; error: null } | { value: null; error: string };

/** Reads a typed limit, thousands separators allowed ("25,000"). */
export function readSweepCellLimit(text: string): LimitDraft {
  const trimmed = text.trim().replace(/[,_\s]/g, '');
  const value = /^\d+$/.test(trimmed) ? Number(trimmed) : Number.NaN;
  if (!SETTING_FIELDS.sweepCellLimit.safeParse(value).success) {
    return { value: null, error: `Enter a whole number of cells from 1 to ${formatCount(MAX_SWEEP_CELL_LIMIT)}.` };
  }
  return { value, error: null };
}

export const SWEEP_CELL_LIMIT_HINT =
  `Most cells a sweep may have after its constraint; a larger grid is refused before it starts. ` +
  `Default ${formatCount(DEFAULT_SETTINGS.sweepCellLimit)}, at most ${formatCount(MAX_SWEEP_CELL_LIMIT)}: ` +
  `every finished cell is stored, and a sweep's page loads them all.`;
