import path from 'node:path';
import { outcomeForUnits } from '../../shared/job';
import type { DataImportParams, DataImportResult, ImportFileResult } from '../../shared/kinds';
import { openMarketStore } from '../../main/store/market/connection';
import type { Task, TaskContext, TaskOutcome } from '../task';
import { isImportFileResult, prepareImport, symbolForPath, type PendingImport, type PreparedImport } from './data-import-files';
import { importFile } from './data-import-write';

/** Reasons quoted in a failed import's summary; the result lists them all. */
const SUMMARY_REASONS = 3;
/** Text kept in memory between preparing and importing; files past it are read again. */
const KEPT_TEXT_BUDGET_CHARS = 64 * 1024 * 1024;

/**
 * `data/import`: imports daily OHLCV CSV files into the market store, one symbol per
 * file, each file all-or-nothing in its own transaction. Resumable: files finished by
 * an interrupted run (`completedUnits`, keyed by path) are not imported again.
 */
export const dataImportTask: Task<DataImportParams> = async (params, context) => {
  context.setPhase('preparing');
  const slots = await prepareAll(params.paths, context);
  const pending = slots.flatMap((slot) => (slot.isPending ? [slot.file] : []));

  context.setPhase('running');
  if (pending.length > 0) {
    const db = openMarketStore(context.run.marketDbPath);
    try {
      const settledRows = slots.reduce((sum, slot) => sum + (slot.isPending ? 0 : slot.result.rows), 0);
      const totalRows = settledRows + pending.reduce((sum, file) => sum + file.estimatedRows, 0);
      let doneRows = settledRows;
      for (const [index, slot] of slots.entries()) {
        if (!slot.isPending) continue;
        const { file } = slot;
        const startedAt = performance.now();
        const result = await importFile(db, file, context, (fileFraction, message) =>
          context.progress((doneRows + fileFraction * file.estimatedRows) / totalRows, message),
        );
        doneRows += file.estimatedRows;
        slots[index] = { isPending: false, result };
        if (result.status === 'imported') {
          context.unitDone(file.path, result);
          context.log.info(`Imported ${result.rows} rows of ${file.symbol}`, {
            path: file.path,
            milliseconds: Math.round(performance.now() - startedAt),
          });
        }
      }
    } finally {
      db.close();
    }
  }
  const files = slots.map((slot) => (slot.isPending ? unreachable(slot.file) : slot.result));
  for (const file of files) {
    if (file.status === 'failed') context.warn(describeFailure(file));
  }
  return outcome(files);
};

/** Settles what can be settled before writing: earlier runs' files, repeats, unusable files. */
async function prepareAll(paths: readonly string[], context: TaskContext): Promise<PreparedImport[]> {
  const slots: PreparedImport[] = [];
  const pathOfSymbol = new Map<string, string>();
  let keptChars = 0;
  for (const [index, filePath] of paths.entries()) {
    context.progress(0, `Checking file ${index + 1} of ${paths.length}`);
    const symbol = symbolForPath(filePath);
    const otherPath = pathOfSymbol.get(symbol);
    if (otherPath === filePath) {
      slots.push({ isPending: false, result: settled(filePath, symbol, 'skipped', 'Listed more than once in this import') });
      continue;
    }
    if (otherPath !== undefined) {
      const reason = `Symbol ${symbol} is already imported from ${otherPath} in this import`;
      slots.push({ isPending: false, result: settled(filePath, symbol, 'failed', reason) });
      continue;
    }
    const earlier = context.run.completedUnits[filePath];
    const slot: PreparedImport = isImportFileResult(earlier)
      ? { isPending: false, result: earlier }
      : await prepareImport(filePath, context);
    // Only files that can be imported claim their symbol: a bad GOOG.csv must not block a good one.
    if (slot.isPending || slot.result.status === 'imported') pathOfSymbol.set(symbol, filePath);
    if (slot.isPending && slot.file.text !== null) {
      keptChars += slot.file.text.length;
      if (keptChars > KEPT_TEXT_BUDGET_CHARS) slot.file.text = null;
    }
    slots.push(slot);
  }
  return slots;
}

function outcome(files: ImportFileResult[]): TaskOutcome {
  const failures = files.filter((file) => file.status === 'failed');
  const rowsImported = files.reduce((sum, file) => sum + (file.status === 'imported' ? file.rows : 0), 0);
  const result: DataImportResult = { files, rowsImported };
  const status = outcomeForUnits(files.length, failures.length);
  if (status !== 'failed') return { status, result };
  const reasons = failures.slice(0, SUMMARY_REASONS).map(describeFailure);
  const more = failures.length > SUMMARY_REASONS ? `; and ${failures.length - SUMMARY_REASONS} more` : '';
  const noun = files.length === 1 ? 'file' : 'files';
  return { status, result, error: `${failures.length} of ${files.length} ${noun} failed: ${reasons.join('; ')}${more}` };
}

function settled(filePath: string, symbol: string, status: 'failed' | 'skipped', error: string): ImportFileResult {
  return { path: filePath, symbol, status, rows: 0, firstDate: null, lastDate: null, error };
}

/** `GOOG.csv: File not found`; parse errors already start with the file name. */
function describeFailure(file: ImportFileResult): string {
  const fileName = path.basename(file.path);
  const error = file.error ?? 'failed';
  return error.startsWith(fileName) ? error : `${fileName}: ${error}`;
}

function unreachable(file: PendingImport): never {
  throw new Error(`${file.path} was neither imported nor failed`);
}
