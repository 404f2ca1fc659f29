import { create } from 'zustand';
import { DEFAULT_SETTINGS, type Settings, type SettingsChange } from '../../../shared/settings';
import { loadCommand, runCommand } from './command';

interface SettingsState {
  /** The settings in force: their defaults until the host has answered. */
  settings: Settings;
  refresh(): Promise<void>;
  /** A change made in some window (`settings/updated`). */
  setSettings(settings: Settings): void;
  /** Stores a change; answers whether it was taken (a refusal is shown as a notice). */
  change(change: SettingsChange): Promise<boolean>;
}

export const useSettingsStore = create<SettingsState>()((set) => ({
  settings: DEFAULT_SETTINGS,
  refresh: async () => {
    const settings = await loadCommand('settings/get', {}, 'Could not load the settings');
    if (settings) set({ settings });
  },
  setSettings: (settings) => set({ settings }),
  change: async (change) => {
    const settings = await runCommand('settings/update', change, 'Could not save the settings');
    if (settings) set({ settings });
    return settings !== null;
  },
}));
