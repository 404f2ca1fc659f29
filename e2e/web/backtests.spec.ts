import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from '@playwright/test';
import { expect, test } from '../fixtures/app-test';
import { holdWorkers } from '../fixtures/hold-workers';

const GOOG_CSV = join(import.meta.dirname, '..', '..', 'resources', 'sample-data', 'GOOG.csv');

interface RunOptions {
  from?: string;
  to?: string;
  /**
   * Releases workers held busy (`holdWorkers`): the run waits in the queue, its job's panel is
   * checked, then this lets it run. A run on a free worker can end before its panel is looked for.
   */
  releaseWorkers?: () => void;
}

async function runBacktest(page: Page, fast: number, slow: number, symbols: string[], { from, to, releaseWorkers }: RunOptions = {}): Promise<string> {
  await page.getByTestId('nav-backtests').click();
  await page.getByTestId('backtest-new').click();
  const form = page.getByTestId('backtest-form');
  await expect(form).toBeVisible();
  await page.getByTestId('strategy-select').selectOption('sma-cross');
  await page.locator('[data-testid=param-input][data-param=fast]').fill(String(fast));
  await page.locator('[data-testid=param-input][data-param=slow]').fill(String(slow));
  for (const symbol of symbols) {
    const option = page.locator(`[data-testid=symbols-select] [data-symbol=${symbol}]`);
    if ((await option.getAttribute('aria-pressed')) !== 'true') await option.click();
    await expect(option).toHaveAttribute('aria-pressed', 'true');
  }
  if (from) await page.getByTestId('date-from').fill(from);
  if (to) await page.getByTestId('date-to').fill(to);
  await page.getByTestId('backtest-submit').click();
  if (releaseWorkers) {
    const submitted = page.getByTestId('submitted-job');
    await expect(submitted).toHaveAttribute('data-status', 'queued');
    await expect(submitted.getByTestId('job-progress')).toBeVisible();
    await expect(submitted).toContainText('Waiting for a worker');
    releaseWorkers();
  }
  const detail = page.locator('[data-testid=run-detail][data-state=ready]');
  await expect(detail).toBeVisible({ timeout: 60_000 });
  return (await detail.getAttribute('data-id'))!;
}

test('runs a backtest from the UI, opens the result with charts, and compares two runs', async ({ page, host, openApp, snap }) => {
  await openApp();
  // Client-side validation: fast must be below slow.
  await page.getByTestId('nav-backtests').click();
  await page.getByTestId('backtest-new').click();
  await page.locator('[data-testid=param-input][data-param=fast]').fill('50');
  await page.locator('[data-testid=param-input][data-param=slow]').fill('20');
  await page.getByTestId('backtest-submit').click();
  await expect(page.getByTestId('backtest-form')).toContainText('fast must be less than slow');

  const release = await holdWorkers(page, host.dataDir);
  let first: string;
  try {
    first = await runBacktest(page, 10, 30, ['GOOG'], { releaseWorkers: release });
  } finally {
    release();
  }
  await expect(page.locator('[data-testid=stat-card][data-stat=returnPct]')).toBeVisible();
  await expect(page.locator('[data-testid=equity-chart] path.recharts-curve').first()).toBeVisible();
  await expect(page.locator('[data-testid=drawdown-chart] path.recharts-area-area').first()).toBeVisible();
  await expect(page.getByTestId('trade-row').first()).toBeVisible();
  await snap('backtest-run');
  // Decades of equity read on a log scale; the curve is drawn again on it.
  await page.locator('[data-testid=equity-chart] [data-testid=log-scale]').check();
  const logCurve = page.locator('[data-testid=equity-chart] path.recharts-curve').first();
  await expect(logCurve).toBeVisible();
  expect(await logCurve.getAttribute('d')).not.toMatch(/NaN|Infinity/);

  await page.getByTestId('notes-input').fill('baseline');
  await page.getByTestId('notes-save').click();
  await expect(page.getByTestId('notes-save')).toBeDisabled();

  const second = await runBacktest(page, 20, 50, ['GOOG', 'NVDA']);
  // Notes typed and not saved are saved on leaving the run, not dropped.
  await page.getByTestId('notes-input').fill('wider windows');
  await page.getByTestId('nav-backtests').click();
  for (const id of [first, second]) await page.locator(`[data-testid=backtest-row][data-id="${id}"] input[type=checkbox]`).check();
  await page.getByTestId('compare-button').click();
  await expect(page.getByTestId('compare-view')).toBeVisible();
  await expect(page.locator('[data-testid=compare-equity-chart] path.recharts-curve')).toHaveCount(2);
  await snap('backtest-compare');

  // The Jobs page leads from a finished backtest job to its run.
  await page.getByTestId('nav-jobs').click();
  const job = page.locator('[data-testid=job-row][data-kind="backtest/run"][data-status=succeeded]').first();
  await job.getByTestId('job-expand').click();
  await page.getByTestId('job-open-result').click();
  await expect(page.locator(`[data-testid=run-detail][data-state=ready][data-id="${second}"]`)).toBeVisible();
  await expect(page.getByTestId('notes-input')).toHaveValue('wider windows');
});

test('a run where one symbol has no data in the range is partial, and its tab says why', async ({ page, openApp }) => {
  await openApp();
  // GOOG's sample history starts in 2004.
  await runBacktest(page, 10, 30, ['GOOG', 'NVDA'], { from: '1999-01-01', to: '2003-12-31' });
  await expect(page.getByTestId('run-detail').getByTestId('job-status')).toContainText('Partial');
  await expect(page.locator('[data-testid=equity-chart] path.recharts-curve').first()).toBeVisible();
  await page.locator('[data-testid=symbol-tab][data-symbol=GOOG]').click();
  await expect(page.getByTestId('symbol-failed')).toContainText('No price data for GOOG between 1999-01-01 and 2003-12-31');
  await expect(page.getByTestId('equity-chart')).toHaveCount(0);
  await expect(page.getByTestId('export-trades')).toBeDisabled();
  await page.locator('[data-testid=symbol-tab][data-symbol=NVDA]').click();
  await expect(page.getByTestId('trade-row').first()).toBeVisible();
});

test('runs a sweep from the UI and opens a heatmap cell', async ({ page, openApp, snap }) => {
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  await openApp();
  await page.getByTestId('nav-backtests').click();
  await page.getByTestId('backtest-new').click();
  await page.getByTestId('sweep-mode').check();
  await expect(page.getByTestId('grid-size')).toHaveAttribute('data-cells', /^[1-9]\d*$/);
  const cellCount = Number(await page.getByTestId('grid-size').getAttribute('data-cells'));
  await page.getByTestId('sweep-submit').click();
  await expect(page.getByTestId('sweep-detail')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('sweep-detail')).toHaveAttribute('data-status', 'succeeded', { timeout: 60_000 });
  // The sweep's page asked for nothing that was not there, from the moment it opened (before any cell).
  expect(consoleErrors).toEqual([]);
  const cell = page.locator('[data-testid=heatmap-cell]:not([data-backtest-id=""])').first();
  await expect(cell).toBeVisible();
  await snap('sweep-heatmap');
  // The cells export: a row per cell, with its params, status and every statistic.
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('export-cells').click()]);
  expect(download.suggestedFilename()).toMatch(/^sweep-sma-cross-[A-Z-]+-cells\.csv$/);
  const [header, ...rows] = readFileSync((await download.path())!, 'utf8').trimEnd().split('\n');
  expect(header).toMatch(/^fast,slow,status,start,end,durationDays,.*,sharpeRatio,.*,kellyCriterion,error$/);
  expect(rows).toHaveLength(cellCount);
  expect(rows.every((row) => /^\d+,\d+,succeeded,\d{4}-\d{2}-\d{2},/.test(row))).toBe(true);
  // The heatmap shows another statistic on demand: every cell's return, the very numbers exported.
  const returnColumn = header!.split(',').indexOf('returnPct');
  const returns = rows.map((row) => row.split(',')[returnColumn]!).sort();
  await page.getByTestId('heatmap-stat').selectOption('returnPct');
  await expect(page.locator('.heatmap-panel h2')).toHaveText('Return');
  const shownValues = () => page.locator('[data-testid=heatmap-cell]:not([data-value=""])').evaluateAll((cells) => cells.map((item) => item.getAttribute('data-value')!).sort());
  await expect.poll(shownValues).toEqual(returns);
  await snap('sweep-heatmap-return');
  // Picking the param the other axis shows swaps the axes: the same cells, transposed.
  await expect(page.locator('.heatmap__axis')).toHaveText(['fast', 'slow']);
  await page.getByTestId('heatmap-x').selectOption('slow');
  await expect(page.getByTestId('heatmap-y')).toHaveValue('fast');
  await expect(page.locator('.heatmap__axis')).toHaveText(['slow', 'fast']);
  await expect.poll(shownValues).toEqual(returns);
  // The best cells, ranked by the maximized statistic, show other statistics too; the first is the best run.
  const bestCell = page.getByTestId('best-cell').first();
  await expect(bestCell).toContainText('%');
  const bestId = (await bestCell.getAttribute('data-id'))!;
  await page.getByTestId('open-best').click();
  await expect(page.locator(`[data-testid=run-detail][data-state=ready][data-id="${bestId}"]`)).toBeVisible();
  await page.goBack();
  await expect(page.getByTestId('sweep-detail')).toHaveAttribute('data-status', 'succeeded');
  // Cells compare side by side; they keep no curves, which the comparison says instead of drawing an empty chart.
  for (const index of [0, 1]) await page.getByTestId('best-cell').nth(index).locator('input[type=checkbox]').check();
  await page.getByTestId('compare-cells').click();
  await expect(page.getByTestId('compare-table')).toBeVisible();
  await expect(page.getByTestId('compare-cells-note')).toContainText('These runs are sweep cells');
  await expect(page.getByTestId('compare-equity-chart')).toHaveCount(0);
  await page.goBack();
  await expect(page.getByTestId('sweep-detail')).toHaveAttribute('data-status', 'succeeded');
  const cellId = (await cell.getAttribute('data-backtest-id'))!;
  await cell.click();
  // A cell keeps its statistics; running it in full brings its charts and trades.
  await expect(page.locator(`[data-testid=run-detail][data-state=ready][data-id="${cellId}"]`)).toBeVisible();
  await expect(page.locator('[data-testid=stat-card][data-stat=returnPct]')).toBeVisible();
  const returnPct = await page.locator('[data-testid=stat-card][data-stat=returnPct]').textContent();
  await snap('sweep-cell');
  await page.getByTestId('run-in-full').click();
  const full = page.locator(`[data-testid=run-detail][data-state=ready]:not([data-id="${cellId}"])`);
  await expect(full).toBeVisible({ timeout: 60_000 });
  await expect(page.locator('[data-testid=equity-chart] path.recharts-curve').first()).toBeVisible();
  await expect(page.getByTestId('trade-row').first()).toBeVisible();
  await expect(page.locator('[data-testid=stat-card][data-stat=returnPct]')).toHaveText(returnPct!);
  // Back on the cell, it leads to that full run instead of offering another.
  const fullId = (await full.getAttribute('data-id'))!;
  await page.goBack();
  await expect(page.locator(`[data-testid=run-detail][data-state=ready][data-id="${cellId}"]`)).toBeVisible();
  await expect(page.getByTestId('run-in-full')).toHaveCount(0);
  await snap('sweep-cell-run-in-full');
  await page.getByTestId('open-full-run').click();
  await expect(page.locator(`[data-testid=run-detail][data-state=ready][data-id="${fullId}"]`)).toBeVisible();

  // Once its symbol is imported again, the cell no longer promises the very same statistics from a new run.
  await page.getByTestId('nav-data').click();
  await page.getByTestId('import-file-input').setInputFiles([GOOG_CSV]);
  await expect(page.getByTestId('latest-import').getByTestId('job-row')).toHaveAttribute('data-status', 'succeeded');
  await page.goto(page.url().replace(/#.*$/, `#/backtests/${cellId}`));
  await expect(page.locator(`[data-testid=run-detail][data-state=ready][data-id="${cellId}"]`)).toBeVisible();
  await expect(page.getByTestId('reimported-note')).toHaveText(/^GOOG was imported again after this cell ran/);

  // The Sweeps tab has an address of its own, and the list says what each sweep's grid was.
  await page.getByTestId('nav-backtests').click();
  await page.getByTestId('tab-sweeps').click();
  await expect(page).toHaveURL(/#\/sweeps$/);
  const row = page.getByTestId('sweep-row').first();
  await expect(row.getByTestId('sweep-grid')).toHaveText(/^fast\s\d+:\d+:\d+ · slow\s\d+:\d+:\d+$/);
  const sweepId = (await row.getAttribute('data-id'))!;
  // Deleting a sweep goes back to the Sweeps tab, without it; the run made in full from its cell stays.
  await row.click();
  page.once('dialog', (dialog) => void dialog.accept());
  await page.getByTestId('sweep-delete').click();
  await expect(page.getByTestId('tab-sweeps')).toHaveAttribute('aria-selected', 'true');
  await expect(page.locator(`[data-testid=sweep-row][data-id="${sweepId}"]`)).toHaveCount(0);
  await page.getByTestId('tab-runs').click();
  await expect(page.locator(`[data-testid=backtest-row][data-id="${fullId}"]`)).toBeVisible();
});

test('the sweep cell limit is a setting: saved, kept across a reload, and the one the sweep form applies', async ({ page, openApp, snap }) => {
  await openApp();
  await page.getByTestId('nav-settings').click();
  const input = page.getByTestId('sweep-cell-limit-input');
  await expect(input).toHaveValue('10,000');
  await input.fill('0');
  await expect(page.getByTestId('sweep-cell-limit-status')).toHaveText('Enter a whole number of cells from 1 to 100,000.');
  await expect(page.getByTestId('sweep-cell-limit-save')).toBeDisabled();
  await input.fill('12');
  await page.getByTestId('sweep-cell-limit-save').click();
  await expect(page.getByTestId('sweep-cell-limit-status')).toHaveText('Saved: sweeps may now have up to 12 cells.');
  await snap('settings');
  await page.reload();
  await expect(page.getByTestId('sweep-cell-limit-input')).toHaveValue('12');

  await page.getByTestId('nav-backtests').click();
  await page.getByTestId('backtest-new').click();
  await page.getByTestId('sweep-mode').check();
  await expect(page.getByTestId('grid-size')).toContainText('limit 12');
  await page.getByTestId('sweep-submit').click();
  await expect(page.getByText(/cells is more than the 12 a sweep may have: narrow a range, raise its step, or raise the limit in Settings\./)).toBeVisible();
});
