#!/usr/bin/env node
// `npm start`: builds, then opens the desktop app where an Electron binary exists, and
// otherwise serves the same app headless on 127.0.0.1 (printing the URL to open).
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';

const extraArgs = process.argv.slice(2);

run('npx', ['electron-vite', 'build']);

const electronBinary = findElectronBinary();
if (electronBinary) {
  // better-sqlite3 is compiled for Node by `npm ci`; Electron needs it built for its own ABI.
  run('npx', ['electron-rebuild', '--force', '--only', 'better-sqlite3']);
  launch(electronBinary, ['.', ...extraArgs]);
} else {
  console.error('No Electron binary on this machine: starting the headless host instead (open the URL below in a browser).');
  launch(process.execPath, ['out/main/cli.js', 'serve', ...extraArgs]);
}

/** The `electron` package fetches its binary on first require; where that cannot happen it throws. */
function findElectronBinary() {
  const probe = spawnSync(process.execPath, ['-e', "process.stdout.write(require('electron'))"], {
    encoding: 'utf8',
    timeout: 60_000,
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const path = probe.status === 0 ? probe.stdout.trim() : '';
  return path && existsSync(path) ? path : null;
}

function run(command, args) {
  const result = spawnSync(command, args, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

function launch(command, args) {
  const child = spawn(command, args, { stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code) => process.exit(code ?? 0));
}

