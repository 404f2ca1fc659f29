import { randomUUID } from 'node:crypto';
import { createWriteStream, readdirSync, rmSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { MAX_STAGED_FILE_BYTES } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { SYMBOL_FILE_NAME_RULE, symbolForFileName } from '../../shared/symbol-file';

/**
 * Browsers cannot hand over a local path, so a file picked in the headless host's page is
 * staged: written to `<dataDir>/staging/<uuid>/<name>` and imported from there like any
 * other path. A staged file lives as long as a job may still read it: it is released when
 * its import ends, and whatever a crash or an unsubmitted upload left behind is swept at
 * start-up.
 */
export function stagingDir(dataDir: string): string {
  return join(dataDir, 'staging');
}

/** The bytes of a file as they arrive: a request body, or a stream over a buffer already in memory. */
export type FileChunks = AsyncIterable<Uint8Array>;

/** A file past MAX_STAGED_FILE_BYTES: bad input, told apart so HTTP can answer 413. */
export class StagedFileTooLarge extends AppError {
  constructor(name: string) {
    const megabytes = Math.round(MAX_STAGED_FILE_BYTES / 2 ** 20);
    super('invalid', `${name} is larger than ${megabytes} MB, the most a file sent for import may be; import it from its path instead`, {
      maxBytes: MAX_STAGED_FILE_BYTES,
    });
    this.name = 'StagedFileTooLarge';
  }
}

/** Rejects with `signal`'s reason once it aborts; never settles otherwise. */
function whenAborted(signal: AbortSignal): Promise<never> {
  const aborted = new Promise<never>((_resolve, reject) => {
    if (signal.aborted) reject(signal.reason);
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
  });
  // An abort after the file is whole concerns nobody.
  aborted.catch(() => {});
  return aborted;
}

/** The source's next chunk. A source that fails or a sender that leaves midway sent bad input. */
async function nextChunk(name: string, iterator: AsyncIterator<Uint8Array>, aborted: Promise<never> | null): Promise<IteratorResult<Uint8Array>> {
  try {
    // Raced, not awaited alone: a sender that went away may leave its last read pending forever.
    return await (aborted ? Promise.race([iterator.next(), aborted]) : iterator.next());
  } catch (error) {
    throw new AppError('invalid', `${name} did not arrive whole: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** The chunks, ending in an error once they pass MAX_STAGED_FILE_BYTES or `signal` aborts. */
async function* upToLimit(name: string, chunks: FileChunks, signal?: AbortSignal): AsyncGenerator<Uint8Array> {
  const iterator = chunks[Symbol.asyncIterator]();
  const aborted = signal ? whenAborted(signal) : null;
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await nextChunk(name, iterator, aborted);
      if (done) return;
      size += value.byteLength;
      if (size > MAX_STAGED_FILE_BYTES) throw new StagedFileTooLarge(name);
      yield value;
    }
  } finally {
    // Stops reading (a request body is cancelled); not awaited, as its last read may be pending forever.
    iterator.return?.().catch(() => {});
  }
}

/**
 * Streams `chunks` into a fresh staging folder and answers the file's path. `name` must be a
 * symbol file name (it is also what keeps the file inside its folder). Past
 * MAX_STAGED_FILE_BYTES, when the chunks fail or `signal` aborts (the sender went away: both
 * answer `invalid`), or when writing fails, it stops reading and deletes what it wrote: a staged
 * file is whole or absent.
 */
export async function stageFile(dataDir: string, name: string, chunks: FileChunks, signal?: AbortSignal): Promise<string> {
  if (symbolForFileName(name) === null) throw new AppError('invalid', SYMBOL_FILE_NAME_RULE);
  const folder = join(stagingDir(dataDir), randomUUID());
  await mkdir(folder, { recursive: true });
  const path = join(folder, name);
  try {
    await pipeline(upToLimit(name, chunks, signal), createWriteStream(path, { flags: 'wx' }));
    return path;
  } catch (error) {
    await rm(folder, { recursive: true, force: true });
    throw error;
  }
}

/** The staging folder holding `path`, or null when `path` is not a staged file (a user's own file). */
function stagedFolderOf(dataDir: string, path: string): string | null {
  const root = stagingDir(dataDir);
  const inside = relative(root, resolve(path));
  const parts = inside.split(sep);
  if (inside.startsWith('..') || parts.length !== 2 || parts.some((part) => part === '' || part === '..')) return null;
  return dirname(resolve(path));
}

/** The files a `data/import` job reads; none when its stored params are unreadable. */
export function importPaths(params: unknown): string[] {
  const paths = (params as { paths?: unknown } | null)?.paths;
  return Array.isArray(paths) ? paths.filter((path): path is string => typeof path === 'string') : [];
}

/** Deletes the staging folders of the staged files among `paths`; other paths are never touched. */
export function releaseStagedFiles(dataDir: string, paths: readonly string[]): void {
  for (const path of paths) {
    const folder = stagedFolderOf(dataDir, path);
    if (folder !== null) rmSync(folder, { recursive: true, force: true });
  }
}

/** Deletes every staging folder but those holding `keep` (files a queued import will still read); returns how many went. */
export function sweepStaging(dataDir: string, keep: readonly string[]): number {
  const kept = new Set(keep.map((path) => stagedFolderOf(dataDir, path)).filter((folder) => folder !== null));
  let entries: string[];
  try {
    entries = readdirSync(stagingDir(dataDir));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }
  let removed = 0;
  for (const entry of entries) {
    const folder = join(stagingDir(dataDir), entry);
    if (kept.has(folder)) continue;
    rmSync(folder, { recursive: true, force: true });
    removed += 1;
  }
  return removed;
}
