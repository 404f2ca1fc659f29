import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describeError, EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, type CliCommandEntry, type CliContext } from './cli/command';

/**
 * Every `quantdesk <command>`: a new command is one module plus one row here. Commands
 * load on use, so `--help` and typos stay instant and never open the app.
 */
const COMMANDS: Record<string, CliCommandEntry> = {
  backtest: {
    summary: 'Run one backtest in this process and print its statistics',
    load: async () => (await import('./cli/backtest')).backtestCommand,
  },
  sweep: {
    summary: 'Run a parameter grid in this process and print the best cells',
    load: async () => (await import('./cli/sweep')).sweepCommand,
  },
  serve: {
    summary: 'Serve the web UI and API on 127.0.0.1 (headless host)',
    load: async () => (await import('./cli/serve')).serveCommand,
  },
};

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((name) => name.length));
  const lines = Object.entries(COMMANDS).map(([name, command]) => `  ${name.padEnd(width)}  ${command.summary}`);
  return [
    'Usage: quantdesk <command> [options]',
    '',
    'Commands:',
    ...lines,
    '',
    'Run `quantdesk help <command>` (or `quantdesk <command> --help`) for its options, `quantdesk --version` for the version.',
  ].join('\n');
}

/** The package's version: package.json is two levels above this file, built or not (see createContext). */
function version(): string {
  const packageJson = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
  return packageJson.version;
}

/**
 * Paths next to this file: it is `out/main/cli.js` once built and `src/main/cli.ts` under
 * tsx, both two levels below the package root. This module is the bundle's entry, so
 * `import.meta.url` is that file (not a shared chunk).
 */
function createContext(env: NodeJS.ProcessEnv): CliContext {
  const packageRoot = new URL('../../', import.meta.url);
  return {
    // Tests run the TS sources: they point at src/workers/entry.ts and pass `--import tsx`.
    workerEntry: env.QUANTDESK_WORKER_ENTRY || fileURLToPath(new URL('./worker.js', import.meta.url)),
    workerExecArgv: env.QUANTDESK_WORKER_EXEC_ARGV?.split(/\s+/).filter(Boolean) ?? [],
    rendererDir: fileURLToPath(new URL('out/renderer/', packageRoot)),
    sampleDataDir: fileURLToPath(new URL('resources/sample-data/', packageRoot)),
    env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
  };
}

async function runCli(argv: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const [name, ...args] = argv;
  const context = createContext(env);
  if (name === undefined) {
    context.err(usage());
    return EXIT_USAGE;
  }
  if (name === 'help' && args[0] !== undefined && args[0] !== 'help') {
    // `help backtest` is `backtest --help` (and `help nope` an unknown command).
    return runCli([args[0], '--help'], env);
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    context.out(usage());
    return EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    context.out(version());
    return EXIT_OK;
  }
  const entry = Object.hasOwn(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (!entry) {
    context.err(`quantdesk: unknown command '${name}'\n\n${usage()}`);
    return EXIT_USAGE;
  }
  let command;
  try {
    command = await entry.load();
  } catch (error) {
    context.err(`quantdesk ${name}: cannot load: ${describeError(error)}`);
    return EXIT_FAILURE;
  }
  if (args.includes('--help') || args.includes('-h')) {
    context.out(command.usage);
    return EXIT_OK;
  }
  try {
    return await command.run(args, context);
  } catch (error) {
    if (error instanceof UsageError) {
      context.err(`quantdesk ${name}: ${error.message}\n\n${error.showsUsage ? command.usage : `Run 'quantdesk ${name} --help' for its options.`}`);
      return EXIT_USAGE;
    }
    context.err(`quantdesk ${name}: ${describeError(error)}`);
    return EXIT_FAILURE;
  }
}

const exitCode = await runCli(process.argv.slice(2));
// Workers, timers or sockets left by a failed start must not keep the process alive.
process.stdout.write('', () => process.exit(exitCode));
