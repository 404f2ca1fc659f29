import { create } from 'zustand';
import type { SystemStatus } from '../../../shared/contract';
import type { ConnectionState } from '../api/client';
import { runCommand } from './command';

interface SystemState {
  status: SystemStatus | null;
  connection: ConnectionState;
  /**
   * When the live connection to the host dropped (ms since the epoch); null while connected.
   * Until it is back, what the stores hold is the last known state and commands would fail.
   */
  lostContactAt: number | null;
  setStatus(status: SystemStatus): void;
  setConnection(connection: ConnectionState): void;
  refresh(): Promise<void>;
}

export const useSystemStore = create<SystemState>()((set, get) => ({
  status: null,
  connection: 'connecting',
  lostContactAt: null,
  setStatus: (status) => set({ status }),
  setConnection: (connection) => {
    // Told again while still down, contact was still lost at the first report.
    const lostContactAt = connection === 'reconnecting' ? (get().lostContactAt ?? Date.now()) : null;
    set({ connection, lostContactAt });
  },
  refresh: async () => {
    const status = await runCommand('system/status', {}, 'Could not read the system status');
    if (status) set({ status });
  },
}));
