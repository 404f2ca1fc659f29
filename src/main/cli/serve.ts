import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { LOG_LEVELS, type LogLevel } from '../../shared/contract';
import { startApp } from '../app';
import type { AppServices } from '../app-types';
import { startHeadlessHost, type HeadlessHost } from '../headless';
import { createNodeProcessAdapter } from '../jobs/node-process';
import { resolveDataDir } from '../services/data-dir';
import { createLogging, type Logging } from '../services/logging';
import { describeError, EXIT_FAILURE, EXIT_OK, UsageError, type CliCommand, type CliContext } from './command';
import { parseOptions } from './options';

/** Shutdown that takes longer than this ends the process anyway. */
const SHUTDOWN_TIMEOUT_MS = 15_000;

const USAGE = `Usage: quantdesk serve [--port N] [--data-dir DIR] [--token T] [--diagnostics]

Serves Quantdesk (the web UI and its API) on 127.0.0.1 only.

  --port N         Port to listen on; 0 (default) picks any free port
  --data-dir DIR   Data directory (default: QUANTDESK_DATA_DIR, else the OS app-data directory)
  --token T        Access token (default: QUANTDESK_TOKEN, else a random one)
  --diagnostics    Enable the diagnostics/* job kinds (tests, benchmarks)

Environment: QUANTDESK_LOG_LEVEL (trace|debug|info|warn|error|fatal, default info).
Prints "Quantdesk serving on <url>" when ready; stops cleanly on SIGINT/SIGTERM.`;

function parsePort(value: string | undefined): number {
  if (value === undefined) return 0;
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) throw new UsageError(`--port must be 0..65535, got '${value}'`);
  return Number(value);
}

function logLevelFrom(env: NodeJS.ProcessEnv): LogLevel {
  const wanted = env.QUANTDESK_LOG_LEVEL?.toLowerCase();
  return (LOG_LEVELS as readonly string[]).includes(wanted ?? '') ? (wanted as LogLevel) : 'info';
}

function parseServeArgs(args: string[], env: NodeJS.ProcessEnv) {
  const values = parseOptions(args, {
    port: { type: 'string' },
    'data-dir': { type: 'string' },
    token: { type: 'string' },
    diagnostics: { type: 'boolean', default: false },
  });
  const token = values.token ?? (env.QUANTDESK_TOKEN || randomBytes(32).toString('hex'));
  if (token.trim() === '') throw new UsageError('--token must not be empty');
  return { port: parsePort(values.port), dataDirFlag: values['data-dir'], token, isDiagnostics: values.diagnostics === true };
}

/** Resolves on the first SIGINT or SIGTERM; a second one ends the process at once. */
function waitForStopSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const onSignal = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      process.once('SIGINT', () => process.exit(130));
      process.once('SIGTERM', () => process.exit(143));
      resolve(signal);
    };
    process.on('SIGINT', onSignal);
    process.on('SIGTERM', onSignal);
  });
}

async function serve(args: string[], context: CliContext): Promise<number> {
  const options = parseServeArgs(args, context.env);
  const stopSignal = waitForStopSignal();
  let dataDir: string;
  try {
    dataDir = resolveDataDir({ ...(options.dataDirFlag === undefined ? {} : { flag: options.dataDirFlag }), env: context.env });
  } catch (error) {
    context.err(`quantdesk: cannot use the data directory: ${describeError(error)}`);
    return EXIT_FAILURE;
  }
  const logging: Logging = await createLogging({ logDir: join(dataDir, 'logs'), level: logLevelFrom(context.env), echoToStderr: true });
  const logger = logging.logger.child({ source: 'host' });

  let app: AppServices | null = null;
  let host: HeadlessHost | null = null;
  try {
    app = await startApp({
      dataDir,
      processAdapter: createNodeProcessAdapter({ entry: context.workerEntry, execArgv: context.workerExecArgv, env: context.env }),
      logging,
      enableDiagnostics: options.isDiagnostics,
      sampleDataDir: context.sampleDataDir,
    });
    host = await startHeadlessHost({ app, port: options.port, token: options.token, rendererDir: context.rendererDir, logger });
  } catch (error) {
    // Full details go to the log file; the terminal gets one line in the CLI's words.
    logging.setStderrEcho(false);
    logger.fatal({ err: error }, 'Start-up failed');
    context.err(`quantdesk: cannot start: ${describeError(error)}`);
    await app?.close().catch(() => {});
    await logging.close();
    return EXIT_FAILURE;
  }

  context.out(`Quantdesk serving on ${host.url}?token=${encodeURIComponent(options.token)}`);
  const signal = await stopSignal;
  logger.info({ signal }, 'Stopping');
  const forceExit = setTimeout(() => {
    context.err('quantdesk: shutdown took too long; exiting');
    process.exit(EXIT_FAILURE);
  }, SHUTDOWN_TIMEOUT_MS);
  forceExit.unref();
  try {
    await host.close();
    await app.close();
  } catch (error) {
    logger.error({ err: error }, 'Shutdown failed');
    context.err(`quantdesk: shutdown failed: ${describeError(error)}`);
    await logging.close();
    return EXIT_FAILURE;
  } finally {
    clearTimeout(forceExit);
  }
  await logging.close();
  return EXIT_OK;
}

export const serveCommand: CliCommand = {
  usage: USAGE,
  run: serve,
};
