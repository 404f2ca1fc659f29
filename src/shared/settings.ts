import { z } from 'zod';
import { DEFAULT_SWEEP_CELL_LIMIT } from './backtest';

/** Highest sweep cell limit a user may set: a sweep's page loads every one of its cells. */
export const MAX_SWEEP_CELL_LIMIT = 100_000;

/** Each setting's schema: its type and bounds. Stored one row per setting (see store/settings.ts). */
export const SETTING_FIELDS = {
  /** Most cells a sweep may have, after its constraint; a larger grid is refused at submit. */
  sweepCellLimit: z.int().min(1).max(MAX_SWEEP_CELL_LIMIT),
} as const;

export type SettingName = keyof typeof SETTING_FIELDS;
export type Settings = { [N in SettingName]: z.output<(typeof SETTING_FIELDS)[N]> };

/** What a setting is until the user changes it. */
export const DEFAULT_SETTINGS: Readonly<Settings> = { sweepCellLimit: DEFAULT_SWEEP_CELL_LIMIT };

export function isSettingName(value: string): value is SettingName {
  return Object.hasOwn(SETTING_FIELDS, value);
}

/** A change to some settings: the others keep their values. */
export const settingsChange = z.strictObject(SETTING_FIELDS).partial();
export type SettingsChange = z.output<typeof settingsChange>;
