import { DEFAULT_SETTINGS, isSettingName, SETTING_FIELDS, type SettingName, type Settings, type SettingsChange } from '../../shared/settings';
import type { TrackingDb } from './connection';
import { statementCache } from './sqlite';
import { readJson, toJsonText } from './stored-json';

/** The settings as stored, and the stored values this version could not use (their settings read as default). */
export interface StoredSettings {
  settings: Settings;
  unusable: Array<{ name: SettingName; value: string }>;
}

const statements = statementCache((db: TrackingDb) => ({
  all: db.prepare<[], { name: string; value: string }>('SELECT name, value FROM settings'),
  write: db.prepare<[string, string, string]>(
    'INSERT INTO settings (name, value, updated_at) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at',
  ),
}));

/**
 * Every setting: its stored value where there is a usable one, else its default. Rows of
 * settings this version does not know (a newer one's) are left alone.
 */
export function readSettings(db: TrackingDb): StoredSettings {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const unusable: StoredSettings['unusable'] = [];
  for (const { name, value } of statements(db).all.all()) {
    if (!isSettingName(name)) continue;
    const stored = readJson(value, name);
    const parsed = SETTING_FIELDS[name].safeParse(stored.value);
    if (stored.isReadable && parsed.success) settings[name] = parsed.data;
    else unusable.push({ name, value });
  }
  return { settings, unusable };
}

/** Stores a validated change (`settingsChange`) in one transaction. */
export function writeSettings(db: TrackingDb, change: SettingsChange): void {
  const updatedAt = new Date().toISOString();
  db.transaction(() => {
    for (const [name, value] of Object.entries(change)) {
      if (value !== undefined) statements(db).write.run(name, toJsonText(value), updatedAt);
    }
  })();
}
