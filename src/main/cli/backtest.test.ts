import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { MARKET_DB_FILE } from '../app';
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
    expect(output.stats.returnPct).toBeCloseTo(414.2299, 3);
    expect(output.stats.tradeCount).toBe(66);
    expect(output.trades).toHaveLength(66);
    expect(output.config).toMatchObject({ strategy: 'sma-cross', params: { fast: 10, slow: 30 }, symbols: ['GOOG'], broker: { cash: 10_000 } });
    expect(output.config.dataHash).toMatch(/^[0-9a-f]{64}$/);
  });

  it('prints a readable table, one column per symbol and the combined account', async () => {
    const ran = await cli('backtest', '--csv', GOOG, '--csv', NVDA, '--strategy', 'sma-cross', '--from', '2008-01-01', '--cash', '5000');
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^\s+GOOG\s+NVDA\s+combined$/m);
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
    const missing = await cli('backtest', '--symbol', 'GOOG', '--symbol', 'NOPE', '--symbol', 'NADA', '--data-dir', dataDir, '--strategy', 'sma-cross');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/warning: No price data for NOPE in any date range/);
    expect(missing.stderr).toMatch(/2 of 3 symbols failed/);
  });

  it('exits 2 with a clear message on bad input', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--csv', GOOG, '--strategy', 'nope'], /unknown strategy 'nope'; the strategies are sma-cross/],
      [['--csv', GOOG, '--strategy', 'sma-cross', '--param', 'fast'], /--param must look like name=value, got 'fast'/],
      [['--csv', GOOG, '--strategy', 'sma-cross', '--param', 'period=3'], /'period' is not a parameter of sma-cross/],
      [['--csv', GOOG, '--strategy', 'sma-cross', '--param', 'fast=40'], /bad parameters for sma-cross: fast: fast must be less than slow/],
      [['--csv', 'missing.csv', '--strategy', 'sma-cross'], /cannot read --csv missing.csv/],
      [['--csv', GOOG, '--strategy', 'sma-cross', '--cash=-5'], /bad broker settings: --cash/],
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

  it('exits 2 on a bad grid, an unknown param or a grid over the limit', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--grid', 'fast=5:x:5'], /'x' in grid axis '5:x:5' is not a number/],
      [['--grid', 'fast=5:50:5', '--constraint', 'fast < slw'], /names 'slw', which is not a parameter/],
      [['--grid', 'lookback=5:50:5'], /'lookback' is not a parameter of sma-cross/],
      [['--grid', 'fast=1:20:1', '--grid', 'slow=30:39:1', '--max-cells', '50'], /The grid has 200 cells, more than the limit of 50/],
      [['--grid', 'fast=5', '--maximize', 'nope'], /--maximize must be one of/],
    ];
    const results = await Promise.all(cases.map(([args]) => cli('sweep', '--csv', GOOG, '--strategy', 'sma-cross', ...args)));
    results.forEach((ran, index) => {
      expect(ran.code, cases[index]![0].join(' ')).toBe(2);
      expect(ran.stderr).toMatch(cases[index]![1]);
    });
  });
});
