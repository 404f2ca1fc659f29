import type { JobRecord } from '../../../../shared/job';
import { baseName, formatCount } from '../../format/format';
import { importFileRows, type ImportFileRow } from './job-summary';

const FILE_STATUS_LABELS: Record<ImportFileRow['status'], string> = {
  imported: 'Imported',
  failed: 'Failed',
  skipped: 'Skipped',
  pending: 'Pending',
  'not-imported': 'Not imported',
};

/** Per-file results of a `data/import` job, with the reason for each failure. */
export function ImportResults({ job }: { job: JobRecord }) {
  const rows = importFileRows(job);
  if (rows.length === 0) return null;
  return (
    <section className="job-detail__section">
      <h3>Files</h3>
      <div className="job-detail__table">
        <table className="table">
          <thead>
            <tr>
              <th>File</th>
              <th>Symbol</th>
              <th>Status</th>
              <th className="numeric">Rows</th>
              <th className="numeric" title="Rows that replaced a stored bar of the same date; the others were added">
                Replaced
              </th>
              <th>Range</th>
              <th>Reason</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((file) => (
              <tr key={file.path} data-testid="import-file-result" data-status={file.status}>
                <td className="mono" title={file.path}>
                  {baseName(file.path)}
                </td>
                <td>{file.symbol ?? '—'}</td>
                <td>
                  <span className={`file-status file-status--${file.status}`}>{FILE_STATUS_LABELS[file.status]}</span>
                </td>
                <td className="numeric">{file.rows === null ? '—' : formatCount(file.rows)}</td>
                <td className="numeric" title={replacedTitle(file)}>
                  {file.replacedRows === undefined ? '—' : formatCount(file.replacedRows)}
                </td>
                <td className="tabular">{file.firstDate && file.lastDate ? <DateRange first={file.firstDate} last={file.lastDate} /> : '—'}</td>
                <td className="job-detail__reason">{file.error ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** Wraps between its dates only, when the reasons need the room. */
function DateRange({ first, last }: { first: string; last: string }) {
  return (
    <>
      <span className="nowrap">{first} –</span> <span className="nowrap">{last}</span>
    </>
  );
}

function replacedTitle(file: ImportFileRow): string | undefined {
  if (file.rows === null || file.replacedRows === undefined) return undefined;
  return `${formatCount(file.rows - file.replacedRows)} added, ${formatCount(file.replacedRows)} replaced stored bars of the same date`;
}
