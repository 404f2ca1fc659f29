import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYMBOL_FILE_NAME_RULE } from '../../shared/symbol-file';
import { MARKET_DB_FILE } from '../services/data-dir';
import { upsertBars } from '../store/market/bars';
import { openMarketStore } from '../store/market/connection';
import { makeTempDir, SAMPLE_DATA_DIR } from '../test-support';
import { parseBarCsv } from '../../workers/tasks/csv';
import { UsageError } from './command';
import { loadTarget } from './target';
import type { TargetValues } from './options';

const GOOG_TEXT = readFileSync(join(SAMPLE_DATA_DIR, 'GOOG.csv'), 'utf8');

/** The usage error `loadTarget` refuses `values` with. */
async function refusal(values: TargetValues): Promise<string> {
  const error: unknown = await loadTarget(values, {}).then(
    () => new Error('expected a usage error'),
    (thrown: unknown) => thrown,
  );
  expect(error).toBeInstanceOf(UsageError);
  return (error as UsageError).message;
}

describe('CLI data loading', () => {
  it('refuses as bad input a CSV without rows or with a price the engine refuses, naming its line', async () => {
    const dir = makeTempDir('quantdesk-cli-target-');
    const lines = GOOG_TEXT.split('\n');
    lines[100] = lines[100]!.replace(/^([^,]*),[^,]*,/, '$1,0,');
    const zero = join(dir, 'ZERO.csv');
    writeFileSync(zero, lines.join('\n'));
    // Refused by the parser, as by an import, whatever the range.
    const refused = `cannot parse --csv ${zero}: ${zero} line 101: Open is 0; prices must be above 0`;
    expect(await refusal({ csv: [zero] })).toBe(refused);
    expect(await refusal({ csv: [zero], from: '2012-01-01' })).toBe(refused);
    const headerOnly = join(dir, 'EMPTY.csv');
    writeFileSync(headerOnly, `${lines[0]}\n`);
    expect(await refusal({ csv: [headerOnly] })).toBe(`--csv ${headerOnly} has a header but no rows`);
  });

  it('names a CSV symbol as an import does, refusing a file name an import would refuse', async () => {
    const dir = makeTempDir('quantdesk-cli-target-');
    const lower = join(dir, 'brk-b.csv');
    writeFileSync(lower, GOOG_TEXT);
    const loaded = await loadTarget({ csv: [lower] }, {});
    expect(loaded.symbols).toEqual(['BRK-B']);
    expect(loaded.warnings).toEqual([]);
    for (const name of ['my data.csv', 'GOOG.txt', '..csv']) {
      const file = join(dir, name);
      writeFileSync(file, GOOG_TEXT);
      expect(await refusal({ csv: [file] })).toBe(`--csv ${file} is not named after a symbol. ${SYMBOL_FILE_NAME_RULE}`);
    }
  });

  it('warns, as an import does, of bars whose Open or Close is outside their Low–High range', async () => {
    const dir = makeTempDir('quantdesk-cli-target-');
    const lines = GOOG_TEXT.split('\n');
    // Line 11: the close raised above the high.
    const [date, open, high, low, , ...rest] = lines[10]!.split(',');
    lines[10] = [date, open, high, low, String(Number(high) + 1), ...rest].join(',');
    const file = join(dir, 'GOOG.csv');
    writeFileSync(file, lines.join('\n'));
    const loaded = await loadTarget({ csv: [file] }, {});
    expect(loaded.warnings).toEqual([
      `${file}: 1 bar has its Open or Close outside the Low–High range (first on line 11); used as they are`,
    ]);
  });

  it('does not echo binary or control characters from a file', async () => {
    const dir = makeTempDir('quantdesk-cli-target-');
    const binary = join(dir, 'BIN.csv');
    writeFileSync(binary, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x00, 0x1b, 0x5b, 0x32, 0x4a]));
    expect(await refusal({ csv: [binary] })).toBe(`--csv ${binary} does not look like a text CSV file`);
    const escapes = join(dir, 'ESC.csv');
    writeFileSync(escapes, Buffer.concat([Buffer.from('Date,Op\x1b[2Jen'), Buffer.from([0xff]), Buffer.from('\n')]));
    const message = await refusal({ csv: [escapes] });
    expect(message).toContain('(found: Date, Op\\u001b[2Jen\\ufffd)');
    expect(message).not.toMatch(/\p{Cc}/u);
  });

  it('reads stored symbols without creating anything, and names the stored ones when one is missing', async () => {
    const dataDir = makeTempDir('quantdesk-cli-target-');
    const absent = join(dataDir, 'absent', 'deeper');
    expect(await refusal({ symbol: ['GOOG'], 'data-dir': absent })).toBe(
      `no market data in ${absent}: the directory does not exist. Import CSVs in the app first, or use --csv`,
    );
    expect(existsSync(join(dataDir, 'absent'))).toBe(false);
    expect(await refusal({ symbol: ['GOOG'], 'data-dir': '' })).toBe('--data-dir must not be empty');
    const file = join(dataDir, 'a-file');
    writeFileSync(file, '');
    expect(await refusal({ symbol: ['GOOG'], 'data-dir': file })).toBe(`the data directory ${file} is a file, not a directory`);

    const market = openMarketStore(join(dataDir, MARKET_DB_FILE));
    upsertBars(market, 'GOOG', parseBarCsv('GOOG.csv', GOOG_TEXT), 'test');
    market.close();
    expect(await refusal({ symbol: ['goog', 'NOPE', 'NADA'], 'data-dir': dataDir })).toBe(`NOPE, NADA are not in the market data of ${dataDir}; it has GOOG`);
    expect([...(await loadTarget({ symbol: ['goog'], 'data-dir': dataDir }, {})).bars.keys()]).toEqual(['GOOG']);
  });

  it('says where a symbol’s bars are when none fall in the range, stored or from a CSV', async () => {
    const dataDir = makeTempDir('quantdesk-cli-');
    const market = openMarketStore(join(dataDir, MARKET_DB_FILE));
    upsertBars(market, 'GOOG', parseBarCsv('GOOG.csv', GOOG_TEXT), 'test');
    market.close();
    const csv = join(makeTempDir('quantdesk-cli-'), 'GOOG.csv');
    writeFileSync(csv, GOOG_TEXT);
    const reason = 'No price data for GOOG from 2016-01-01 on; its bars run from 2004-08-19 to 2013-03-01.';
    for (const values of [{ symbol: ['GOOG'], 'data-dir': dataDir }, { csv: [csv] }]) {
      const target = await loadTarget({ ...values, from: '2016-01-01' }, {});
      expect(target.bars.get('GOOG')).toMatchObject({ isUsable: false, reason, bars: 0 });
    }
  });
});
