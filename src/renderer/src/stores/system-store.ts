import { create } from 'zustand';
import type { SystemStatus } from '../../../shared/contract';
import type { ConnectionState } from '../api/client';
import { loadCommand } from './command';

interface SystemState {
  status: SystemStatus | null;
  connection: ConnectionState;
  /**
   * When the live connection to the host dropped (ms since the epoch), once it has stayed down
   * for LOST_CONTACT_GRACE_MS; null while connected. Until it is back, what the stores hold is
   * the last known state and commands would fail.
   */
  lostContactAt: number | null;
  setStatus(status: SystemStatus): void;
  setConnection(connection: ConnectionState): void;
  refresh(): Promise<void>;
}

/**
 * How long the connection must stay down before the app says contact is lost. The host drops
 * a client that falls too far behind on events, which reconnects and resyncs within a second
 * or two: that is no reason to flash a banner and disable every action.
 */
export const LOST_CONTACT_GRACE_MS = 3000;

let lostContactTimer: ReturnType<typeof setTimeout> | null = null;

export const useSystemStore = create<SystemState>()((set) => ({
  status: null,
  connection: 'connecting',
  lostContactAt: null,
  setStatus: (status) => set({ status }),
  setConnection: (connection) => {
    set({ connection });
    if (connection !== 'reconnecting') {
      if (lostContactTimer) clearTimeout(lostContactTimer);
      lostContactTimer = null;
      set({ lostContactAt: null });
      return;
    }
    // Told again while still down, contact was still lost at the first report.
    if (lostContactTimer) return;
    const droppedAt = Date.now();
    lostContactTimer = setTimeout(() => set({ lostContactAt: droppedAt }), LOST_CONTACT_GRACE_MS);
  },
  refresh: async () => {
    const status = await loadCommand('system/status', {}, 'Could not read the system status');
    if (status) set({ status });
  },
}));
