/** What every CLI command gets from the entry point (paths are resolved there, next to the built file). */
export interface CliContext {
  /** The worker entry script and the Node flags to start it with. */
  workerEntry: string;
  workerExecArgv: string[];
  /** The built renderer (`out/renderer`). */
  rendererDir: string;
  /** CSVs imported on the first start of an empty data directory. */
  sampleDataDir: string;
  env: NodeJS.ProcessEnv;
  /** One line for the user on stdout (the only thing a command prints there). */
  out(line: string): void;
  /** One line for the user on stderr. */
  err(line: string): void;
}

/** One `quantdesk <name>` command; resolves with the process exit code. */
export interface CliCommand {
  usage: string;
  run(args: string[], context: CliContext): Promise<number>;
}

/** A command table row: listed without loading the command (and the app) itself. */
export interface CliCommandEntry {
  summary: string;
  load(): Promise<CliCommand>;
}

/** The first line of an error's message: what the user needs, without a stack. */
export function describeError(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.split('\n')[0]!.trim() || 'unknown error';
}

/**
 * Bad arguments or input: exit code 2. Options that do not parse (`showsUsage`) are followed
 * by the command's usage; any other reason stands alone, with a pointer to `--help`, so a
 * one-line "cannot read --csv …" is not buried under twenty lines of usage.
 */
export class UsageError extends Error {
  constructor(
    message: string,
    readonly showsUsage = false,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
