import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { jobFixture } from '../../../../shared/job-fixture';
import { ImportResults } from './import-results';

const job = jobFixture({
  status: 'partial',
  params: { paths: ['/data/GOOG.csv', '/data/BADROW.csv'] },
  result: {
    rowsImported: 45_656,
    files: [
      { path: '/data/GOOG.csv', symbol: 'GOOG', status: 'imported', rows: 45_656, replacedRows: 0, firstDate: '1900-01-01', lastDate: '2024-12-31' },
      {
        path: '/data/BADROW.csv', symbol: 'BADROW', status: 'failed', rows: 0, firstDate: null, lastDate: null,
        error: '/home/someone/prices/incoming/BADROW.csv line 3: close is not a number',
      },
    ],
  },
});

describe('ImportResults', () => {
  it('lets a date range wrap between its two dates only, leaving the reasons room at 1000 px', () => {
    const markup = renderToStaticMarkup(<ImportResults job={job} />);
    expect(markup).toContain('<td class="tabular"><span class="nowrap">1900-01-01 –</span> <span class="nowrap">2024-12-31</span></td>');
    expect(markup).toContain('<td class="job-detail__reason">/home/someone/prices/incoming/BADROW.csv line 3: close is not a number</td>');
    expect(markup).toContain('<span class="file-status file-status--failed">Failed</span>');
  });
});
