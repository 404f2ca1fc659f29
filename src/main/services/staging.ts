import { randomUUID } from 'node:crypto';
import { readdirSync, rmSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join, relative, resolve, sep } from 'node:path';

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

/** Writes `content` (up to 64 MB: not on main's thread) to a fresh staging folder; returns the file's path. */
export async function stageFile(dataDir: string, name: string, content: string): Promise<string> {
  const folder = join(stagingDir(dataDir), randomUUID());
  await mkdir(folder, { recursive: true });
  const path = join(folder, name);
  await writeFile(path, content, 'utf8');
  return path;
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
