import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';

/** The path of a usable Electron binary, or null where none can be had (as on our CI machines). */
function electronBinary(): string | null {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  return path && existsSync(path) ? path : null;
}

const binary = electronBinary();

test.describe('desktop app (Electron)', () => {
  test.skip(binary === null, 'No Electron binary on this machine: the electron package could not fetch one.');

  test('opens the window with the sample data imported and a live status area', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'quantdesk-electron-'));
    const app = await electron.launch({ executablePath: binary!, args: ['.', '--data-dir', dataDir] });
    try {
      const window = await app.firstWindow();
      await expect(window.getByTestId('status-area')).toBeVisible();
      await window.getByTestId('nav-data').click();
      await expect(window.getByTestId('symbol-row')).toHaveCount(4);
      await window.screenshot({ path: test.info().outputPath('electron-data.png') });
    } finally {
      await app.close();
    }
  });
});
