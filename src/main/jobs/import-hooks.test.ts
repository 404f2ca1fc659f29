import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DataImportResult } from '../../shared/kinds';
import { useTestApps } from '../test-lifecycle';
import { SAMPLE_DATA_DIR } from '../test-support';

const start = useTestApps();

/** Daily rows from the year 1000 on: enough for an import of it to take a while. */
function writeLongCsv(path: string, rows: number): string {
  const lines = ['Date,Open,High,Low,Close,Volume'];
  const first = Date.UTC(1000, 0, 1);
  for (let index = 0; index < rows; index++) {
    lines.push(`${new Date(first + index * 86_400_000).toISOString().slice(0, 10)},10.5,11.25,9.75,10.125,${1000 + index}`);
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('data/import jobs through the runner', () => {
  it('keep each file’s outcome when cancelled mid-way: imported, failed with its reason, the rest not started', { timeout: 60_000 }, async () => {
    const { dataDir, invoke, waitForEvent, waitForTerminal } = await start({ concurrency: 1 });
    const goog = join(SAMPLE_DATA_DIR, 'GOOG.csv');
    const missing = join(dataDir, 'MISSING.csv');
    const big = writeLongCsv(join(dataDir, 'BIG.csv'), 300_000);
    const orcl = join(SAMPLE_DATA_DIR, 'ORCL.csv');
    const job = await invoke('jobs/submit', { kind: 'data/import', params: { paths: [goog, missing, big, orcl] } });

    // BIG.csv is under way, so GOOG.csv is settled.
    await waitForEvent('job/progress', ({ id, progress }) => id === job.id && progress.message.startsWith('BIG.csv'));
    await invoke('jobs/cancel', { id: job.id });
    const cancelled = await waitForTerminal(job.id);

    expect(cancelled.status).toBe('cancelled');
    const expected: DataImportResult = {
      files: [
        { path: goog, symbol: 'GOOG', status: 'imported', rows: 2148, replacedRows: 0, firstDate: '2004-08-19', lastDate: '2013-03-01' },
        { path: missing, symbol: 'MISSING', status: 'failed', rows: 0, firstDate: null, lastDate: null, error: 'File not found' },
      ],
      rowsImported: 2148,
    };
    expect(cancelled.result).toEqual(expected);
    expect(cancelled.warnings).toEqual([]);
    expect((await invoke('jobs/get', { id: job.id })).result).toEqual(expected);
    const { symbols } = await invoke('data/symbols', {});
    expect(symbols.map((symbol) => symbol.symbol)).toEqual(['GOOG']);
  });

  it('are partial when some files import and others fail, with the reasons once, per file', async () => {
    const { dataDir, invoke, waitForTerminal } = await start({ concurrency: 1 });
    const missing = join(dataDir, 'MISSING.csv');
    const job = await invoke('jobs/submit', { kind: 'data/import', params: { paths: [join(SAMPLE_DATA_DIR, 'NVDA.csv'), missing] } });
    const finished = await waitForTerminal(job.id);
    expect(finished.status).toBe('partial');
    expect(finished.error).toBeNull();
    expect(finished.warnings).toEqual([]);
    expect((finished.result as DataImportResult).files.map((file) => [file.symbol, file.status, file.error])).toEqual([
      ['NVDA', 'imported', undefined],
      ['MISSING', 'failed', 'File not found'],
    ]);
    // The job's error (when all fail) only sums up: the log says why each file was not imported.
    const { entries } = await invoke('logs/tail', { search: 'MISSING.csv' });
    expect(entries).toContainEqual(expect.objectContaining({ level: 'warn', message: 'MISSING.csv was not imported: File not found' }));
  });
});
