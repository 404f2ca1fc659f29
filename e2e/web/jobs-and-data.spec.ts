import { join } from 'node:path';
import { MAX_SYNTHETIC_ROWS, writeSyntheticCsv } from '../../bench/synthetic-csv';
import { expect, test } from '../fixtures/app-test';
import { holdMarketWriteLock, WAITING_TO_WRITE } from '../fixtures/hold-workers';

const SAMPLE_DIR = join(import.meta.dirname, '..', '..', 'resources', 'sample-data');
const SAMPLE_FILES = ['GOOG.csv', 'NVDA.csv', 'ORCL.csv', 'YHOO.csv'].map((name) => join(SAMPLE_DIR, name));

test('a new data directory shows the bundled sample data; importing the sample CSVs again runs as a job to success', async ({ page, openApp, snap }) => {
  await openApp();
  await page.getByTestId('nav-data').click();
  const symbols = page.getByTestId('symbol-row');
  await expect(symbols).toHaveCount(4);
  await expect(page.locator('[data-testid=symbol-row][data-symbol=GOOG]')).toContainText('2,148');
  await snap('data-sample');

  await page.getByTestId('import-file-input').setInputFiles(SAMPLE_FILES);
  const latest = page.getByTestId('latest-import');
  await expect(latest.getByTestId('job-row')).toHaveAttribute('data-status', 'succeeded');

  await page.getByTestId('nav-jobs').click();
  const imports = page.locator('[data-testid=job-row][data-kind="data/import"]');
  await expect(imports).toHaveCount(2);
  await expect(imports.first()).toHaveAttribute('data-status', 'succeeded');
  await imports.first().getByTestId('job-expand').click();
  await expect(page.locator('[data-testid=import-file-result][data-status=imported]')).toHaveCount(4);
  await snap('jobs-import-succeeded');
  await expect(symbols).toHaveCount(0); // on the Jobs page now
  await page.getByTestId('nav-data').click();
  await expect(symbols).toHaveCount(4);
});

test('an import shows live progress, can be cancelled once its file is checked, and leaves no rows of that file', async ({ page, host, openApp, snap }) => {
  const bigFile = writeSyntheticCsv(join(host.dataDir, 'BIGSYM.csv'), MAX_SYNTHETIC_ROWS);
  await openApp();
  await page.getByTestId('nav-data').click();
  await expect(page.getByTestId('symbol-row')).toHaveCount(4);
  // Another writer holds the store, so the import checks its file, then waits to write: a cancel
  // lands for sure (one sent while the file is written can arrive in its final commit, too late).
  const release = holdMarketWriteLock(host.dataDir);
  try {
    await page.getByTestId('import-path-toggle').click();
    await page.getByTestId('import-path-input').fill(bigFile);
    await page.getByTestId('import-path-submit').click();

    await page.getByTestId('nav-jobs').click();
    const row = page.locator('[data-testid=job-row][data-kind="data/import"]').first();
    await expect(row).toHaveAttribute('data-status', /preparing|running/);
    const progress = row.getByTestId('job-progress');
    await expect.poll(async () => Number(await progress.getAttribute('data-fraction'))).toBeGreaterThan(0);
    await expect(row).toContainText(WAITING_TO_WRITE);
    await row.getByTestId('job-cancel').click();
    await snap('jobs-import-cancelling');
    await expect(row).toHaveAttribute('data-status', 'cancelled');
    await snap('jobs-import-cancelled');
  } finally {
    release();
  }

  await page.getByTestId('nav-data').click();
  await expect(page.getByTestId('symbol-row')).toHaveCount(4);
  await expect(page.locator('[data-testid=symbol-row][data-symbol=BIGSYM]')).toHaveCount(0);
});

test('a file with a bad row fails with the file and line named, next to a good one (partial)', async ({ page, host, openApp, snap }) => {
  const { writeFileSync } = await import('node:fs');
  const bad = join(host.dataDir, 'BADROW.csv');
  writeFileSync(bad, 'Date,Open,High,Low,Close,Volume\n2020-01-02,1,2,0.5,1.5,100\n2020-01-03,1,2,0.5,abc,100\n');
  await openApp();
  await page.getByTestId('nav-data').click();
  await page.getByTestId('import-path-toggle').click();
  await page.getByTestId('import-path-input').fill(`${SAMPLE_FILES[0]}\n${bad}`);
  await page.getByTestId('import-path-submit').click();
  await page.getByTestId('nav-jobs').click();
  const row = page.locator('[data-testid=job-row][data-kind="data/import"]').first();
  await expect(row).toHaveAttribute('data-status', 'partial');
  await row.getByTestId('job-expand').click();
  await expect(page.locator('[data-testid=import-file-result][data-status=failed]')).toContainText('BADROW.csv line 3');
  await snap('jobs-import-partial');
});

test('the Logs page tails the app log with level filter and search', async ({ page, openApp, snap }) => {
  await openApp();
  await page.getByTestId('nav-logs').click();
  await expect(page.getByTestId('log-row').first()).toBeVisible();
  await page.getByTestId('logs-search').fill('Quantdesk started');
  await expect(page.getByTestId('log-row')).toHaveCount(1);
  await snap('logs');
});
