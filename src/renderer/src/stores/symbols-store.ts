import { create } from 'zustand';
import type { SymbolCoverage } from '../../../shared/contract';
import { loadCommand } from './command';

interface SymbolsState {
  symbols: SymbolCoverage[];
  isLoaded: boolean;
  /** Refetches; calls made while one is running are folded into a single follow-up. */
  refresh(): Promise<void>;
}

let inFlight: Promise<void> | null = null;
let isStale = false;

export const useSymbolsStore = create<SymbolsState>()((set) => {
  async function fetchSymbols(): Promise<void> {
    do {
      isStale = false;
      const answer = await loadCommand('data/symbols', {}, 'Could not load symbols');
      if (answer) {
        const symbols = [...answer.symbols].sort((left, right) => left.symbol.localeCompare(right.symbol));
        set({ symbols, isLoaded: true });
      }
    } while (isStale);
  }

  return {
    symbols: [],
    isLoaded: false,
    refresh: () => {
      if (inFlight) {
        isStale = true;
        return inFlight;
      }
      inFlight = fetchSymbols().finally(() => {
        inFlight = null;
      });
      return inFlight;
    },
  };
});
