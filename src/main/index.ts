import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { app, BrowserWindow, dialog, session } from 'electron';
import { LOG_LEVELS, type LogLevel } from '../shared/contract';
import { startApp } from './app';
import type { AppServices } from './app-types';
import { resolveDataDir } from './services/data-dir';
import { createLogging, type Logging } from './services/logging';
import { CONTENT_SECURITY_POLICY, DEVELOPMENT_CONTENT_SECURITY_POLICY } from './transport/csp';
import { createElectronProcessAdapter } from './transport/electron-process';
import { registerElectronIpc } from './transport/electron-ipc';
import { createRendererUrlCheck } from './transport/renderer-url';

/**
 * Electron lifecycle only: everything else is in startApp (shared with the headless host)
 * and the two Electron adapters (IPC, utility processes).
 */

// This file is the bundle entry `out/main/index.js`; its siblings are the other builds.
const mainDir = fileURLToPath(new URL('.', import.meta.url));
const workerEntry = join(mainDir, 'worker.js');
const preloadPath = join(mainDir, '../preload/index.cjs');
const indexHtmlPath = join(mainDir, '../renderer/index.html');
/** Set by electron-vite in development: the renderer's dev server. */
const devServerUrl = !app.isPackaged ? process.env.ELECTRON_RENDERER_URL : undefined;

let services: AppServices | null = null;
let logging: Logging | null = null;
let mainWindow: BrowserWindow | null = null;
let shutdown: Promise<void> | null = null;

function dataDirFromArguments(): string | undefined {
  const { values } = parseArgs({
    args: process.argv.slice(1),
    options: { 'data-dir': { type: 'string' } },
    strict: false,
    allowPositionals: true,
  });
  const flag = values['data-dir'];
  return typeof flag === 'string' && flag !== '' ? flag : undefined;
}

function logLevel(): LogLevel {
  const wanted = process.env.QUANTDESK_LOG_LEVEL?.toLowerCase() ?? '';
  return (LOG_LEVELS as readonly string[]).includes(wanted) ? (wanted as LogLevel) : 'info';
}

function sampleDataDir(): string {
  // electron-builder copies resources/sample-data next to app.asar (extraResources).
  return app.isPackaged ? join(process.resourcesPath, 'sample-data') : join(app.getAppPath(), 'resources', 'sample-data');
}

function hardenContents(): void {
  app.on('web-contents-created', (_event, contents) => {
    // The UI is one page: nothing navigates, opens windows or embeds guests.
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}

function hardenSession(): void {
  const policy = devServerUrl ? DEVELOPMENT_CONTENT_SECURITY_POLICY : CONTENT_SECURITY_POLICY;
  session.defaultSession.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [policy] } });
  });
  // No camera, notifications, geolocation… for anyone.
  session.defaultSession.setPermissionRequestHandler((_contents, _permission, callback) => callback(false));
}

function createWindow(services: AppServices, logs: Logging): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    show: false,
    title: 'Quantdesk',
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      webviewTag: false,
      spellcheck: false,
    },
  });
  registerElectronIpc({
    app: services,
    window,
    isAllowedUrl: createRendererUrlCheck({ indexHtmlPath, ...(devServerUrl ? { devServerUrl } : {}) }),
    logger: logs.logger.child({ source: 'main' }),
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  if (devServerUrl) void window.loadURL(devServerUrl);
  else void window.loadFile(indexHtmlPath);
  return window;
}

async function start(): Promise<void> {
  app.enableSandbox();
  hardenContents();
  await app.whenReady();
  hardenSession();

  // The same default as `quantdesk serve` and the CLI, so `--symbol` backtests read the desktop app's prices.
  const dataDir = resolveDataDir({ flag: dataDirFromArguments() });
  const logs = await createLogging({ logDir: join(dataDir, 'logs'), level: logLevel(), echoToStderr: !app.isPackaged });
  logging = logs;
  try {
    services = await startApp({
      dataDir,
      processAdapter: createElectronProcessAdapter({ entry: workerEntry }),
      logging: logs,
      sampleDataDir: sampleDataDir(),
    });
  } catch (error) {
    // e.g. a database from a newer version, or a failed migration: the user must see why.
    logs.logger.fatal({ err: error }, 'Start-up failed');
    const message = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox('Quantdesk cannot start', message);
    await logs.close();
    app.exit(1);
    return;
  }

  const openServices = services;
  mainWindow = createWindow(openServices, logs);
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.focus();
  });
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) mainWindow = createWindow(openServices, logs);
  });
}

/** Cancels running jobs, stops workers and closes the stores before the app exits. */
function closeServices(): Promise<void> {
  shutdown ??= (async () => {
    try {
      await services?.close();
    } catch (error) {
      logging?.logger.error({ err: error }, 'Shutdown failed');
    }
    await logging?.close();
  })();
  return shutdown;
}

if (!app.requestSingleInstanceLock()) {
  // Another Quantdesk owns this data: it gets focus (second-instance), this one leaves.
  app.quit();
} else {
  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
  let isClosed = false;
  app.on('before-quit', (event) => {
    if (isClosed) return;
    event.preventDefault();
    void closeServices().finally(() => {
      isClosed = true;
      app.quit();
    });
  });
  start().catch((error: unknown) => {
    const message = error instanceof Error ? error.message : String(error);
    dialog.showErrorBox('Quantdesk cannot start', message);
    app.exit(1);
  });
}
