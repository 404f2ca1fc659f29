import type { Logger } from 'pino';
import type { Settings, SettingsChange } from '../../shared/settings';
import type { TrackingDb } from '../store/connection';
import { readSettings, writeSettings } from '../store/settings';
import type { EventHub } from './event-hub';

/** The user's settings, as main uses them: read once, kept in memory, every change stored and announced. */
export interface SettingsService {
  current(): Readonly<Settings>;
  /** Stores the change, tells every window (`settings/updated`) and answers the settings now in force. */
  change(change: SettingsChange): Settings;
}

export function openSettings(db: TrackingDb, hub: EventHub, logger: Logger): SettingsService {
  const stored = readSettings(db);
  for (const { name, value } of stored.unusable) {
    logger.warn({ setting: name, value }, `Stored setting ${name} (${value}) is not valid here; using its default until it is set again`);
  }
  let settings = stored.settings;
  return {
    current: () => settings,
    change(change) {
      writeSettings(db, change);
      settings = { ...settings, ...definedValues(change) };
      logger.info({ change }, 'Settings changed');
      hub.publish('settings/updated', settings);
      return settings;
    },
  };
}

function definedValues(change: SettingsChange): Partial<Settings> {
  return Object.fromEntries(Object.entries(change).filter(([, value]) => value !== undefined));
}
