import { useState } from 'react';
import type { SweepCellStatistics, SweepDetail as SweepRecord } from '../../../../shared/backtest';
import { allPages, runCommand } from '../../stores/command';
import { downloadText, fileStem, sweepCellsToCsv } from './export';

/** Cells fetched per request: each page is a few tens of ms of main's time, however large the sweep. */
const CELLS_PAGE = 1000;

/** Every cell stored so far with all its statistics; null (the error shown) when they cannot be had. */
export function fetchCellStatistics(sweepId: string, failureTitle: string): Promise<SweepCellStatistics[] | null> {
  return allPages(async (offset) => {
    const page = await runCommand('sweeps/cells', { id: sweepId, limit: CELLS_PAGE, offset }, failureTitle);
    return page && { items: page.cells, nextOffset: page.nextOffset };
  });
}

/** Downloads every cell stored so far, with all its statistics, as CSV. */
async function exportCells(sweep: SweepRecord, params: readonly string[]): Promise<void> {
  const cells = await fetchCellStatistics(sweep.id, 'Could not export the cells');
  if (cells) downloadText(`${fileStem(`sweep ${sweep.strategy} ${sweep.symbols.join(' ')}`)}-cells.csv`, sweepCellsToCsv(params, cells), 'text/csv');
}

export function ExportCellsButton({ sweep, params }: { sweep: SweepRecord; params: readonly string[] }) {
  const [isExporting, setIsExporting] = useState(false);
  const onClick = () => {
    setIsExporting(true);
    void exportCells(sweep, params).finally(() => setIsExporting(false));
  };
  return (
    <button type="button" className="button" data-testid="export-cells" disabled={isExporting || sweep.cells.length === 0} onClick={onClick}>
      {isExporting ? 'Exporting…' : 'Export cells CSV'}
    </button>
  );
}
