import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MARKET_DB_FILE } from '../services/data-dir';
import { upsertBars } from '../store/market/bars';
import { openMarketStore } from '../store/market/connection';
import { makeTempDir } from '../test-support';
import { parseBarCsv } from '../../workers/tasks/csv';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const GOOG = 'resources/sample-data/GOOG.csv';
const NVDA = 'resources/sample-data/NVDA.csv';

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): Promise<Ran> {
  return new Promise((resolve) => {
    execFile(process.execPath, ['--import', 'tsx', 'src/main/cli.ts', ...args], { cwd: ROOT, env: { ...process.env, QUANTDESK_DATA_DIR: '' } }, (error, stdout, stderr) => {
      resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr });
    });
  });
}

interface StatsJson {
  stats: Record<string, number | string | null>;
  trades: Array<Record<string, number | string>>;
  config: Record<string, unknown>;
}

describe('quantdesk backtest', { timeout: 60_000 }, () => {
  it('runs a CSV with --json: backtesting.py’s numbers for GOOG sma-cross 10/30', async () => {
    const ran = await cli('backtest', '--csv', GOOG, '--strategy', 'sma-cross', '--param', 'fast=10', '--param', 'slow=30', '--json');
    expect(ran.stderr).toBe('');
    expect(ran.code).toBe(0);
    const output = JSON.parse(ran.stdout) as StatsJson;
    expect(output).toMatchObject({ status: 'succeeded', error: null, warnings: [] });
    expect(output.stats.returnPct).toBeCloseTo(414.2299, 3);
    expect(output.stats.tradeCount).toBe(66);
    expect(output.trades).toHaveLength(66);
    expect(output.config).toMatchObject({ strategy: 'sma-cross', params: { fast: 10, slow: 30 }, symbols: ['GOOG'], broker: { cash: 10_000 } });
    expect(output.config.dataHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('prints what it ran, then a table sized to its values: one column per symbol and the combined account', async () => {
    const ran = await cli('backtest', '--csv', GOOG, '--csv', NVDA, '--strategy', 'sma-cross', '--from', '2008-01-01', '--cash', '100000000');
    expect(ran.code).toBe(0);
    const [header, blank, headings, ...rows] = ran.stdout.trimEnd().split('\n');
    expect([header, blank]).toEqual(['sma-cross(fast=10, slow=30) on GOOG, NVDA; cash 100000000, commission 0, spread 0', '']);
    expect(headings).toMatch(/^\s+GOOG {2,}NVDA {2,}combined$/);
    expect(rows).toHaveLength(32);
    // Labels have single spaces; columns are at least two apart, however wide the values.
    for (const row of rows) expect(row.split(/ {2,}/), row).toHaveLength(4);
    expect(ran.stdout).toMatch(/^Start\s+2008-01-02\s+2008-01-02\s+2008-01-02$/m);
    expect(ran.stdout).toMatch(/^# Trades\s+\d+\s+\d+\s+\d+$/m);
    const json = JSON.parse((await cli('backtest', '--csv', GOOG, '--csv', NVDA, '--strategy', 'breakout', '--json')).stdout) as {
      symbols: Record<string, StatsJson>;
      combined: { stats: Record<string, number> };
    };
    expect(Object.keys(json.symbols)).toEqual(['GOOG', 'NVDA']);
    expect(json.combined.stats.tradeCount).toBe(Number(json.symbols.GOOG!.stats.tradeCount) + Number(json.symbols.NVDA!.stats.tradeCount));
  });

  it('reads stored symbols from a data directory', async () => {
    const dataDir = makeTempDir('quantdesk-cli-');
    const market = openMarketStore(join(dataDir, MARKET_DB_FILE));
    upsertBars(market, 'GOOG', parseBarCsv('GOOG.csv', readFileSync(join(ROOT, GOOG), 'utf8')), 'test');
    market.close();
    const stored = JSON.parse((await cli('backtest', '--symbol', 'GOOG', '--data-dir', dataDir, '--strategy', 'sma-cross', '--json')).stdout) as StatsJson;
    expect(stored.stats.returnPct).toBeCloseTo(414.2299, 3);
    const missing = await cli('backtest', '--symbol', 'GOOG', '--symbol', 'NOPE', '--data-dir', dataDir, '--strategy', 'sma-cross');
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/^quantdesk backtest: NOPE is not in the market data of .*; it has GOOG$/m);
  });

  it('prints engine warnings on stderr and in the JSON, per symbol', async () => {
    const [poor, open] = await Promise.all([
      cli('backtest', '--csv', GOOG, '--strategy', 'sma-cross', '--cash', '150'),
      cli('backtest', '--csv', GOOG, '--csv', NVDA, '--strategy', 'sma-cross', '--no-finalize-trades', '--json'),
    ]);
    expect(poor.code).toBe(0);
    expect(poor.stderr).toMatch(/^warning: GOOG: Orders not filled, as one unit cost more than the cash available at the fill price: 66, the first on 2004-11-29\.$/m);
    expect(poor.stdout.split('\n')[0]).toBe('sma-cross(fast=10, slow=30) on GOOG; cash 150, commission 0, spread 0');
    expect(open.code).toBe(0);
    const stillOpen = 'Trades still open at the end, left out of the statistics (finalizeTrades is off): 1.';
    expect(open.stderr.trim().split('\n')).toEqual([`warning: GOOG: ${stillOpen}`, `warning: NVDA: ${stillOpen}`]);
    const json = JSON.parse(open.stdout) as { status: string; symbols: Record<string, { warnings: string[] }> };
    expect(json.status).toBe('succeeded');
    expect(json.symbols.GOOG!.warnings).toEqual([stillOpen]);
    expect(json.symbols.NVDA!.warnings).toEqual([stillOpen]);
  });

  it('prints why a run failed once, without a table; with --json, the reason and no statistics', async () => {
    const args = ['backtest', '--csv', GOOG, '--strategy', 'sma-cross', '--param', 'slow=5000'];
    const [table, json] = await Promise.all([cli(...args), cli(...args, '--json')]);
    expect(table.code).toBe(1);
    expect(table.stdout).toBe('');
    expect(table.stderr.trim().split('\n')).toEqual([
      'quantdesk backtest: GOOG between 2004-08-19 and 2013-03-01 (2148 bars): sma-cross with fast=10, slow=5000 needs at least 5002 bars ' +
        '(4999 before its indicators are defined, one to decide on, one to fill at); the series has 2148.',
    ]);
    expect(json.code).toBe(1);
    const output = JSON.parse(json.stdout) as StatsJson & { status: string; error: string };
    expect(output).toMatchObject({ status: 'failed', stats: null, trades: [], config: { params: { fast: 10, slow: 5000 } } });
    expect(output.error).toMatch(/needs at least 5002 bars/);
  });

  it('answers help <command> with that command’s help, and --version with the version', async () => {
    const [backtestHelp, sweepHelp, version] = await Promise.all([cli('help', 'backtest'), cli('help', 'sweep'), cli('--version')]);
    expect(backtestHelp.code).toBe(0);
    expect(backtestHelp.stdout).toMatch(/^Usage: quantdesk backtest /);
    expect(backtestHelp.stdout).toContain('Fraction of the price paid on entry only');
    expect(backtestHelp.stdout).toContain('trades[].returnPct is a');
    expect(sweepHelp.stdout).toMatch(/^Usage: quantdesk sweep /);
    expect(sweepHelp.stdout).toContain('--param k=v');
    expect(version).toMatchObject({ code: 0, stdout: `${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n` });
  });

  it('exits 2 with a clear message on bad input', async () => {
    const dir = makeTempDir('quantdesk-cli-');
    const lines = readFileSync(join(ROOT, GOOG), 'utf8').split('\n');
    writeFileSync(join(dir, 'EMPTY.csv'), `${lines[0]}\n`);
    lines[100] = lines[100]!.replace(/^([^,]*),[^,]*,/, '$1,0,');
    writeFileSync(join(dir, 'ZERO.csv'), lines.join('\n'));
    const cases: Array<[string[], RegExp]> = [
      [['--csv', join(dir, 'ZERO.csv'), '--strategy', 'sma-cross'], /ZERO.csv line 101: Open is 0; prices must be above 0/],
      [['--csv', join(dir, 'EMPTY.csv'), '--strategy', 'sma-cross'], /EMPTY.csv has a header but no rows/],
      [['--csv', GOOG, '--strategy', 'nope'], /unknown strategy 'nope'; the strategies are sma-cross/],
      [['--csv', GOOG, '--strategy', 'sma-cross', '--param', 'fast'], /--param must look like name=value, got 'fast'/],
      [['--csv', GOOG, '--strategy', 'sma-cross', '--param', 'period=3'], /'period' is not a parameter of sma-cross/],
      [['--csv', GOOG, '--strategy', 'sma-cross', '--param', 'fast=40'], /bad parameters for sma-cross: fast must be less than slow\n/],
      [['--csv', GOOG, '--strategy', 'sma-cross', '--param', 'fast=0'], /bad parameters for sma-cross: fast must be at least 1 \(got 0\)\n/],
      [['--csv', 'missing.csv', '--strategy', 'sma-cross'], /cannot read --csv missing.csv/],
      [['--csv', GOOG, '--strategy', 'sma-cross', '--cash=-5'], /: --cash must be greater than 0 \(got -5\)\n/],
      [['--csv', GOOG, '--strategy', 'sma-cross', '--cash', '-100'], /: --cash must be greater than 0 \(got -100\)\n/],
      [['--csv', GOOG, '--strategy', 'sma-cross', '--commission', '2'], /: --commission must be at most 0.1 \(got 2\)\n/],
      [['--strategy', 'sma-cross'], /give --csv FILE or --symbol SYM/],
      [['--csv', GOOG, '--strategy', 'sma-cross', '--bogus'], /Unknown option '--bogus'/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli('backtest', ...args)));
    results.forEach((ran, index) => {
      expect(ran.code, cases[index]![0].join(' ')).toBe(2);
      expect(ran.stderr).toMatch(cases[index]![1]);
      expect(ran.stdout).toBe('');
    });
  });
});

describe('quantdesk sweep', { timeout: 60_000 }, () => {
  it('prints the best cells, and with --json {best, cells}', async () => {
    const ran = await cli('sweep', '--csv', GOOG, '--strategy', 'sma-cross', '--grid', 'fast=5:20:5', '--grid', 'slow=20,30', '--constraint', 'fast<slow', '--maximize', 'returnPct', '--json');
    expect(ran.code).toBe(0);
    const output = JSON.parse(ran.stdout) as { best: { params: Record<string, number>; stats: Record<string, number> }; cells: Array<{ params: Record<string, number>; stats: Record<string, number> }> };
    expect(output.cells).toHaveLength(7);
    expect(output.best).toEqual(output.cells[0]);
    expect(output.best.stats.returnPct).toBe(Math.max(...output.cells.map((cell) => cell.stats.returnPct!)));
    expect(output.cells.find((cell) => cell.params.fast === 10 && cell.params.slow === 30)?.stats.returnPct).toBeCloseTo(414.2299, 3);

    const table = await cli('sweep', '--csv', GOOG, '--strategy', 'sma-cross', '--grid', 'fast=5:20:5', '--grid', 'slow=20,30', '--top', '3');
    expect(table.stdout).toMatch(/^Best 3 of 7 cells by sharpeRatio, 1 skipped \(refused by sma-cross\):/);
    expect(table.stdout.trim().split('\n')).toHaveLength(5);
  });

  it('takes --param as a fixed value, and sizes its table to the values, params in the strategy’s order', async () => {
    const ran = await cli('sweep', '--csv', GOOG, '--strategy', 'rsi-reversion', '--grid', 'upper=60,70', '--grid', 'lower=20,30', '--param', 'period=10',
      '--maximize', 'maxDrawdownDurationDays', '--top', '3');
    expect(ran.code).toBe(0);
    const [, header, ...rows] = ran.stdout.trimEnd().split('\n');
    expect(header).toBe('period  lower  upper  maxDrawdownDurationDays  returnPct  tradeCount');
    expect(rows).toHaveLength(3);
    for (const row of rows) expect(row.trim().split(/ {2,}/), row).toHaveLength(6);
  });

  it('counts a cell where most symbols fail as failed: no stats, never best, each failure printed once', async () => {
    const dir = makeTempDir('quantdesk-cli-');
    // 40 bars: too short for slow=50 or 60, so two of the three symbols fail those cells.
    const goog = readFileSync(join(ROOT, GOOG), 'utf8').split('\n');
    const nvda = readFileSync(join(ROOT, NVDA), 'utf8').split('\n');
    writeFileSync(join(dir, 'SHORT1.csv'), goog.slice(0, 41).join('\n'));
    writeFileSync(join(dir, 'SHORT2.csv'), nvda.slice(0, 41).join('\n'));
    const args = ['sweep', '--csv', GOOG, '--csv', join(dir, 'SHORT1.csv'), '--csv', join(dir, 'SHORT2.csv'), '--strategy', 'sma-cross', '--grid', 'fast=10'];
    const [json, table, allFailed] = await Promise.all([
      cli(...args, '--grid', 'slow=50,20,60', '--maximize', 'returnPct', '--json'),
      cli(...args, '--grid', 'slow=50,20,60', '--maximize', 'returnPct'),
      cli(...args, '--grid', 'slow=50,60'),
    ]);
    expect(json.code).toBe(0);
    const output = JSON.parse(json.stdout) as { best: { params: Record<string, number> }; cells: Array<{ params: Record<string, number>; status: string; error: string | null; stats: unknown }> };
    expect(output.best).toEqual(output.cells[0]);
    expect(output.cells.map((cell) => [cell.params.slow, cell.status])).toEqual([[20, 'succeeded'], [50, 'failed'], [60, 'failed']]);
    for (const cell of output.cells.slice(1)) expect(cell).toMatchObject({ stats: null, error: expect.stringMatching(/^2 of 3 symbols failed: SHORT1 /) as unknown });
    const warnings = json.stderr.trim().split('\n');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/^warning: 2 cells, first fast=10, slow=50: SHORT1 between 2004-08-19 and 2004-10-14 \(40 bars\): sma-cross with fast=10, slow=50 needs at least 52 bars/);
    expect(warnings[1]).toMatch(/^warning: 2 cells, first fast=10, slow=50: SHORT2 /);

    expect(table.stdout.split('\n').slice(0, 2)).toEqual(['Best 1 of 1 cells by returnPct, 2 failed:', 'fast  slow   returnPct  tradeCount']);
    expect(allFailed.code).toBe(1);
    expect(allFailed.stdout).toBe('');
    expect(allFailed.stderr.trim().split('\n').at(-1)).toBe('quantdesk sweep: every cell failed (2); the warnings above say why');
  });

  it('exits 2 on a bad grid, an unknown param or a grid over the limit', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--grid', 'fast=5:50:5', '--grid', 'slow=x'], /'x' in grid axis 'slow' is not a number/],
      [['--grid', 'fast=5:50:5', '--constraint', 'fast < slw'], /names 'slw', which is not a parameter/],
      [['--grid', 'lookback=5:50:5'], /'lookback' is not a parameter of sma-cross/],
      [['--grid', 'fast=1:20:1', '--grid', 'slow=30:39:1', '--max-cells', '50'], /the grid has 200 cells, more than --max-cells 50/],
      [['--grid', 'fast=5', '--maximize', 'nope'], /--maximize must be one of/],
      [['--grid', 'fast=5', '--spread', '-0.5'], /--spread must be at least 0 \(got -0.5\)/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli('sweep', '--csv', GOOG, '--strategy', 'sma-cross', ...args)));
    results.forEach((ran, index) => {
      expect(ran.code, cases[index]![0].join(' ')).toBe(2);
      expect(ran.stderr).toMatch(cases[index]![1]);
    });
  });

  it('refuses a one-value option given twice (the last would silently win), with the usage', async () => {
    const ran = await cli('sweep', '--csv', GOOG, '--strategy', 'sma-cross', '--grid', 'fast=5:20:5', '--grid', 'slow=10:40:10', '--constraint', 'fast<slow', '--constraint', 'slow<40');
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/--constraint is given more than once; it takes one value/);
    expect(ran.stderr).toMatch(/Usage: quantdesk sweep/);
  });

  it('gives a reason that is not about the options alone, without the usage after it', async () => {
    const ran = await cli('backtest', '--csv', 'NOPE.csv', '--strategy', 'sma-cross');
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^quantdesk backtest: cannot read --csv NOPE\.csv/);
    expect(ran.stderr).toMatch(/Run 'quantdesk backtest --help' for its options\./);
    expect(ran.stderr).not.toMatch(/Usage:/);
  });
});
