import { createInterface } from 'node:readline';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Envelope, SystemStatus } from '../shared/contract';
import { rawRequest } from './transport/http-test-client';

/** The CLI as a user runs it: a real process, real ports, real workers (TS sources via tsx). */
const CLI_SOURCE = fileURLToPath(new URL('./cli.ts', import.meta.url));
const WORKER_SOURCE = fileURLToPath(new URL('../workers/entry.ts', import.meta.url));
const SERVING_LINE = /^Quantdesk serving on (http:\/\/127\.0\.0\.1:(\d+)\/)\?token=([0-9a-f]{64}|\S+)$/;

interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const children: ChildProcess[] = [];
const dirs: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'quantdesk-cli-'));
  dirs.push(dir);
  return dir;
}

function runCli(args: string[], env: NodeJS.ProcessEnv = {}): CliRun {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI_SOURCE, ...args], {
    env: {
      ...process.env,
      QUANTDESK_WORKER_ENTRY: WORKER_SOURCE,
      QUANTDESK_WORKER_EXEC_ARGV: '--import tsx',
      QUANTDESK_TOKEN: '',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves with the serving line's match as soon as the CLI prints it; fails if it exits first. */
function waitForServingLine(run: CliRun): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    createInterface({ input: run.child.stdout! }).once('line', (line) => {
      const match = SERVING_LINE.exec(line);
      if (match) resolve(match);
      else reject(new Error(`Unexpected first line: ${line}`));
    });
    void run.exited.then(({ code }) => reject(new Error(`The CLI exited (${code}) before serving. stderr: ${run.stderr()}`)));
  });
}

afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('quantdesk serve', () => {
  it('serves on 127.0.0.1, prints only the serving line, and stops cleanly on SIGTERM', async () => {
    const dataDir = tempDir();
    const run = runCli(['serve', '--port', '0', '--data-dir', dataDir, '--diagnostics']);
    const [, , portText, token] = await waitForServingLine(run);
    const port = Number(portText);
    expect(token).toMatch(/^[0-9a-f]{64}$/);

    expect((await rawRequest(port, { path: '/health/live' })).status).toBe(200);
    // Workers are started before the host listens: ready as soon as it serves.
    expect((await rawRequest(port, { path: '/health/ready' })).status).toBe(200);

    const status = await rawRequest(port, {
      method: 'POST',
      path: '/api/system/status',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(status.status).toBe(200);
    const envelope = status.json<Envelope<SystemStatus>>();
    expect(envelope).toMatchObject({ ok: true, data: { dataDir, diagnosticsEnabled: true } });

    run.child.kill('SIGTERM');
    const { code } = await run.exited;
    expect(code).toBe(0);
    expect(run.stdout().trim().split('\n')).toHaveLength(1);
    expect(readdirSync(join(dataDir, 'logs')).some((name) => name.endsWith('.log'))).toBe(true);
  });

  it('prints a link whose token survives characters a URL would read otherwise', async () => {
    const run = runCli(['serve', '--data-dir', tempDir(), '--token', 'a b&c#d']);
    const [, , , token] = await waitForServingLine(run);
    expect(token).toBe('a%20b%26c%23d');
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
  });

  it('uses --token, else QUANTDESK_TOKEN', async () => {
    const run = runCli(['serve', '--data-dir', tempDir()], { QUANTDESK_TOKEN: 'token-from-env-0123456789' });
    const [, , , token] = await waitForServingLine(run);
    expect(token).toBe('token-from-env-0123456789');
    run.child.kill('SIGINT');
    expect((await run.exited).code).toBe(0);
  });

  it('refuses a database from a newer version with a clear message and exit code 1', async () => {
    const dataDir = tempDir();
    const db = new Database(join(dataDir, 'tracking.sqlite'));
    db.pragma('user_version = 9999');
    db.close();
    const run = runCli(['serve', '--data-dir', dataDir]);
    const { code } = await run.exited;
    expect(code).toBe(1);
    expect(run.stdout()).toBe('');
    const lastLine = run.stderr().trim().split('\n').at(-1)!;
    expect(lastLine).toMatch(/^quantdesk: cannot start: .*newer/i);
  });

  it('answers --help with usage (exit 0), unknown commands and bad options with usage and exit code 2', async () => {
    const help = runCli(['--help']);
    const unknown = runCli(['frobnicate']);
    const badPort = runCli(['serve', '--port', 'eighty']);
    const unknownOption = runCli(['serve', '--verbose']);
    const codes = await Promise.all([help, unknown, badPort, unknownOption].map(async (run) => (await run.exited).code));
    expect(codes).toEqual([0, 2, 2, 2]);
    expect(help.stdout()).toContain('Usage: quantdesk <command>');
    expect(help.stdout()).toContain('serve');
    expect(unknown.stderr()).toContain("unknown command 'frobnicate'");
    expect(badPort.stderr()).toContain('--port must be 0..65535');
    expect(unknownOption.stderr()).toContain('Usage: quantdesk serve');
  });
});
