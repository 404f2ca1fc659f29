import { describe, expect, it } from 'vitest';
import type { StoredRunReference } from '../store/backtests-types';
import type { DataDeleteResult } from '../../shared/kinds';
import { useTestApps } from '../test-lifecycle';
import { SAMPLE_DATA_DIR } from '../test-support';

const start = useTestApps();

/** A real app with the sample data imported (GOOG, NVDA, ORCL, YHOO). */
async function startWithSampleData() {
  const harness = await start({ sampleDataDir: SAMPLE_DATA_DIR, concurrency: 2 });
  const imports = await harness.invoke('jobs/list', { kind: 'data/import' });
  expect((await harness.waitForTerminal(imports.jobs[0]!.id)).status).toBe('succeeded');
  return harness;
}

describe('data/delete jobs through the runner', () => {
  it('delete the symbols’ prices and keep the other symbols and stored backtests', { timeout: 60_000 }, async () => {
    const { invoke, waitForTerminal } = await startWithSampleData();
    const run = await invoke('jobs/submit', { kind: 'backtest/run', params: { strategy: 'buy-and-hold', symbols: ['GOOG'] } });
    const backtestId = ((await waitForTerminal(run.id)).result as StoredRunReference).backtestId;
    const before = await invoke('data/symbols', {});
    const yhooRows = before.symbols.find((symbol) => symbol.symbol === 'YHOO')!.rows;

    const job = await invoke('jobs/submit', { kind: 'data/delete', params: { symbols: ['GOOG', 'YHOO'] } });
    const finished = await waitForTerminal(job.id);

    expect(finished.status).toBe('succeeded');
    const expected: DataDeleteResult = {
      symbols: [
        { symbol: 'GOOG', rowsDeleted: 2148 },
        { symbol: 'YHOO', rowsDeleted: yhooRows },
      ],
      rowsDeleted: 2148 + yhooRows,
    };
    expect(finished.result).toEqual(expected);
    const { symbols } = await invoke('data/symbols', {});
    expect(symbols).toEqual(before.symbols.filter((symbol) => symbol.symbol === 'NVDA' || symbol.symbol === 'ORCL'));
    expect(await invoke('backtests/get', { id: backtestId })).toMatchObject({ symbols: ['GOOG'], status: 'succeeded' });
  });

  it('refuse symbols that are not stored at submit, naming them, and queue nothing', { timeout: 60_000 }, async () => {
    const { invoke, invokeError } = await startWithSampleData();
    const refused = await invokeError('jobs/submit', { kind: 'data/delete', params: { symbols: ['GOOG', 'NOPE', 'X'] } });
    expect(refused).toMatchObject({ kind: 'invalid', message: 'NOPE, X are not in the market data; it has GOOG, NVDA, ORCL, YHOO' });
    const repeated = await invokeError('jobs/submit', { kind: 'data/delete', params: { symbols: ['GOOG', 'GOOG'] } });
    expect(repeated.kind).toBe('invalid');
    expect((await invokeError('jobs/submit', { kind: 'data/delete', params: { symbols: [] } })).kind).toBe('invalid');
    expect((await invoke('jobs/list', { kind: 'data/delete' })).jobs).toEqual([]);
    expect((await invoke('data/symbols', {})).symbols).toHaveLength(4);
  });
});
