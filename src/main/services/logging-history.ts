import { appendFile, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { LogEntry } from '../../shared/contract';
import { parseLogLine } from './logging-ring';

/** Most bytes read from the end of the log files at start-up, however big they are. */
const HISTORY_MAX_BYTES = 4 * 1024 * 1024;

/**
 * The newest entries earlier runs left in logDir, oldest first: at most `maxEntries`, taken
 * from at most `maxBytes` at the end of the log files. Lines that are not log records (the
 * last one, cut short by a crash) are skipped. Their `seq` is 0: the ring numbers them.
 */
export async function readLogHistory(logDir: string, basename: string, maxEntries: number, maxBytes = HISTORY_MAX_BYTES): Promise<LogEntry[]> {
  const newestFirst: LogEntry[] = [];
  let budget = maxBytes;
  for (const file of await listLogFiles(logDir, basename)) {
    if (newestFirst.length >= maxEntries || budget <= 0) break;
    const { text, isWhole, bytesRead } = await readEnd(join(logDir, file), budget);
    budget -= bytesRead;
    const lines = text.split('\n');
    // Unless the file was read whole, the first piece is the end of a line that began before the window.
    const first = isWhole ? 0 : 1;
    for (let index = lines.length - 1; index >= first && newestFirst.length < maxEntries; index--) {
      const entry = parseLogLine(lines[index]!, 0);
      if (entry) newestFirst.push(entry);
    }
  }
  return newestFirst.reverse();
}

/**
 * Ends the newest log file's last line if a crash cut it short: the file is appended to at
 * the next start, and this run's first entry would otherwise be glued to (and lost with) it.
 */
export async function endCutLine(logDir: string, basename: string): Promise<void> {
  const [newest] = await listLogFiles(logDir, basename);
  if (newest === undefined) return;
  const path = join(logDir, newest);
  const { text } = await readEnd(path, 1);
  if (text !== '' && !text.endsWith('\n')) await appendFile(path, '\n');
}

/** pino-roll's files (`<basename>.N.log`), newest (highest N, the one it writes to) first. */
async function listLogFiles(logDir: string, basename: string): Promise<string[]> {
  let names: string[];
  try {
    names = await readdir(logDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const prefix = `${basename}.`;
  const numbered = names.flatMap((name) => {
    const match = name.startsWith(prefix) ? /^(\d+)\.log$/.exec(name.slice(prefix.length)) : null;
    return match ? [{ name, number: Number(match[1]) }] : [];
  });
  return numbered.sort((left, right) => right.number - left.number).map((file) => file.name);
}

/** The last `maxBytes` of a file, and one byte more so a line starting right at the window's edge is kept whole. */
async function readEnd(path: string, maxBytes: number): Promise<{ text: string; isWhole: boolean; bytesRead: number }> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const start = Math.max(0, size - maxBytes - 1);
    const buffer = Buffer.allocUnsafe(size - start);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, start);
    return { text: buffer.toString('utf8', 0, bytesRead), isWhole: start === 0, bytesRead };
  } finally {
    await handle.close();
  }
}
