import path from 'node:path';
import { isImportFileResult, type DataImportParams, type DataImportResult, type ImportFileResult } from '../../shared/kinds';
import { openMarketStore } from '../../main/store/market/connection';
import type { Task, TaskContext, TaskOutcome } from '../task';
import { prepareImport, symbolForPath, type PendingImport, type PreparedImport } from './data-import-files';
import { importFile } from './data-import-write';

/** Text kept in memory between preparing and importing; files past it are read again. */
const KEPT_TEXT_BUDGET_CHARS = 64 * 1024 * 1024;

/**
 * `data/import`: imports daily OHLCV CSV files into the market store, one symbol per
 * file, each file all-or-nothing in its own transaction. Resumable: files finished by
 * an interrupted run (`completedUnits`, keyed by path) are not imported again.
 * Each file's outcome is reported as a unit as soon as it is known (see `reportFile`).
 */
export const dataImportTask: Task<DataImportParams> = async (params, context) => {
  const today = new Date();
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
        const result = await importFile(db, file, context, today, (fileFraction, message) =>
          context.progress((doneRows + fileFraction * file.estimatedRows) / totalRows, message),
        );
        doneRows += file.estimatedRows;
        slots[index] = { isPending: false, result };
        reportFile(context, result);
        if (result.status === 'imported') {
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
  return outcome(slots.map((slot) => (slot.isPending ? unreachable(slot.file) : slot.result)));
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
      const result = settled(filePath, symbol, 'failed', reason);
      reportFile(context, result);
      slots.push({ isPending: false, result });
      continue;
    }
    const earlier = context.run.completedUnits[filePath];
    const slot: PreparedImport = isImportFileResult(earlier)
      ? { isPending: false, result: earlier }
      : await prepareImport(filePath, context);
    // Only files that can be imported claim their symbol: a bad GOOG.csv must not block a good one.
    if (slot.isPending || slot.result.status === 'imported') pathOfSymbol.set(symbol, filePath);
    if (!slot.isPending) reportFile(context, slot.result);
    if (slot.isPending && slot.file.text !== null) {
      keptChars += slot.file.text.length;
      if (keptChars > KEPT_TEXT_BUDGET_CHARS) slot.file.text = null;
    }
    slots.push(slot);
  }
  return slots;
}

/**
 * Tells main a file's outcome as soon as it is known, failures included, so an import that
 * is cancelled or crashes still shows what became of each file. An earlier run's files are
 * reported again for the same reason. A path listed twice is one unit (the key is the path):
 * its repeat is not reported.
 */
function reportFile(context: TaskContext, file: ImportFileResult): void {
  if (file.status === 'skipped') return;
  context.unitDone(file.path, file, file.status === 'failed' ? (file.error ?? 'Failed') : undefined);
}

/**
 * Some files imported and some failed is partial; failures with nothing imported fail.
 * The reasons are in the result, per file: the error only sums up.
 */
function outcome(files: ImportFileResult[]): TaskOutcome {
  const failures = files.filter((file) => file.status === 'failed').length;
  const rowsImported = files.reduce((sum, file) => sum + (file.status === 'imported' ? file.rows : 0), 0);
  const result: DataImportResult = { files, rowsImported };
  if (failures === 0) return { status: 'succeeded', result };
  if (files.some((file) => file.status === 'imported')) return { status: 'partial', result };
  return { status: 'failed', result, error: failureSummary(files, failures) };
}

function failureSummary(files: ImportFileResult[], failures: number): string {
  if (files.length === 1) return `${path.basename(files[0]!.path)} could not be imported`;
  return failures === files.length ? `All ${files.length} files failed` : `${failures} of ${files.length} files failed and none was imported`;
}

function settled(filePath: string, symbol: string, status: 'failed' | 'skipped', error: string): ImportFileResult {
  return { path: filePath, symbol, status, rows: 0, firstDate: null, lastDate: null, error };
}

function unreachable(file: PendingImport): never {
  throw new Error(`${file.path} was neither imported nor failed`);
}
