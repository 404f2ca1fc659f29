import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { ImportFileResult } from '../../shared/kinds';
import { SYMBOL_FILE_NAME_RULE, symbolForFileName } from '../../shared/symbol-file';
import type { TaskContext } from '../task';
import { countLineBreaks } from './csv';

/** Larger files are refused: the whole text is held in memory while it is checked. */
export const MAX_IMPORT_FILE_BYTES = 512 * 1024 * 1024;
/** Characters counted between checkpoints while estimating a file's rows. */
const COUNT_CHUNK_CHARS = 4 * 1024 * 1024;

/** A file ready to be imported, with its row count estimated for progress. */
export interface PendingImport {
  path: string;
  fileName: string;
  symbol: string;
  estimatedRows: number;
  /** The text read while preparing, kept when memory allows so it is not read twice. */
  text: string | null;
}

/** A file's fate after preparing: to import, or already settled (failed, skipped, done earlier). */
export type PreparedImport = { isPending: true; file: PendingImport } | { isPending: false; result: ImportFileResult };

/** The symbol a file is imported as; a file name that gives none stands in for it in results. */
export function symbolForPath(filePath: string): string {
  const fileName = path.basename(filePath);
  return symbolForFileName(fileName) ?? fileName;
}

/**
 * Checks one file before anything is written: its symbol, that it exists, can be read
 * and is not empty, and counts its lines (yielding on large files).
 */
export async function prepareImport(filePath: string, context: TaskContext): Promise<PreparedImport> {
  const fileName = path.basename(filePath);
  const symbol = symbolForPath(filePath);
  const failed = (error: string): PreparedImport => ({ isPending: false, result: failedImport(filePath, symbol, error) });
  if (symbolForFileName(fileName) === null) return failed(SYMBOL_FILE_NAME_RULE);
  try {
    const stats = await stat(filePath);
    if (!stats.isFile()) return failed('Not a file');
    if (stats.size === 0) return failed('The file is empty');
    if (stats.size > MAX_IMPORT_FILE_BYTES) {
      return failed(`The file is too large (${megabytes(stats.size)} MB; at most ${megabytes(MAX_IMPORT_FILE_BYTES)} MB)`);
    }
  } catch (error) {
    return failed(describeFileError(error));
  }
  const text = await readImportText(filePath);
  if (!text.isReadable) return failed(text.error);
  // A regex that stops at the first visible character: no copy of a large text.
  if (!/\S/.test(text.value)) return failed('The file is empty');
  let lines = 0;
  for (let start = 0; start < text.value.length; start += COUNT_CHUNK_CHARS) {
    lines += countLineBreaks(text.value, start, Math.min(text.value.length, start + COUNT_CHUNK_CHARS));
    await context.checkpoint();
  }
  if (!text.value.endsWith('\n')) lines += 1;
  return {
    isPending: true,
    file: { path: filePath, fileName, symbol, estimatedRows: Math.max(1, lines - 1), text: text.value },
  };
}

/** Reads a file's text: UTF-8, or UTF-16 when it starts with that byte-order mark (Excel). */
export async function readImportText(
  filePath: string,
): Promise<{ isReadable: true; value: string } | { isReadable: false; error: string }> {
  try {
    const bytes = await readFile(filePath);
    const isUtf16 = bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe;
    return { isReadable: true, value: isUtf16 ? bytes.toString('utf16le', 2) : bytes.toString('utf8') };
  } catch (error) {
    return { isReadable: false, error: describeFileError(error) };
  }
}

/** The result of a file that failed before or while importing; nothing of it was written. */
export function failedImport(filePath: string, symbol: string, error: string): ImportFileResult {
  return { path: filePath, symbol, status: 'failed', rows: 0, firstDate: null, lastDate: null, error };
}

function describeFileError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'File not found';
  if (code === 'EACCES' || code === 'EPERM') return 'Permission denied: the file cannot be read';
  if (code === 'EISDIR') return 'Not a file';
  const message = error instanceof Error ? error.message : String(error);
  return `The file cannot be read: ${message}`;
}

function megabytes(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(bytes < 10 * 1024 * 1024 ? 1 : 0);
}
