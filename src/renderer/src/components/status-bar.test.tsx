import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { SystemStatus } from '../../../shared/contract';
import { StatusFigures } from './status-bar';

const status: SystemStatus = {
  version: '0.1.0',
  dataDir: '/data',
  startedAt: '2026-01-01T00:00:00.000Z',
  workers: { size: 2, alive: 2, busy: 2, restarts: 0 },
  queue: { waiting: 0, queueLimit: 50, running: 2, concurrency: 2 },
  diagnosticsEnabled: false,
};

describe('StatusFigures', () => {
  it('shows live figures plainly', () => {
    const markup = renderToStaticMarkup(<StatusFigures status={status} isStale={false} />);
    expect(markup).not.toContain('data-stale');
    expect(markup).not.toContain('Last known');
  });

  it('labels figures heard before contact was lost as the last known ones', () => {
    const markup = renderToStaticMarkup(<StatusFigures status={status} isStale />);
    expect(markup).toMatch(/^<span class="status-bar__item status-bar__stale" data-testid="status-stale">Last known:<\/span>/);
    expect(markup).toContain('data-testid="status-workers" data-stale="true" title="Last known: the host cannot be reached"');
    expect(markup).toContain('data-testid="status-queue" data-stale="true"');
  });
});
