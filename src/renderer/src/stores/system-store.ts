import { create } from 'zustand';
import type { SystemStatus } from '../../../shared/contract';
import type { ConnectionState } from '../api/client';
import { runCommand } from './command';

interface SystemState {
  status: SystemStatus | null;
  connection: ConnectionState;
  setStatus(status: SystemStatus): void;
  setConnection(connection: ConnectionState): void;
  refresh(): Promise<void>;
}

export const useSystemStore = create<SystemState>()((set) => ({
  status: null,
  connection: 'connecting',
  setStatus: (status) => set({ status }),
  setConnection: (connection) => set({ connection }),
  refresh: async () => {
    const status = await runCommand('system/status', {}, 'Could not read the system status');
    if (status) set({ status });
  },
}));
