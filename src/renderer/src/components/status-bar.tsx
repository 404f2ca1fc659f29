import type { SystemStatus } from '../../../shared/contract';
import type { ConnectionState } from '../api/client';
import { useSystemStore } from '../stores/system-store';

const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
};

const STALE_HINT = 'Last known: the host cannot be reached';

function WorkersItem({ workers, isStale }: { workers: SystemStatus['workers']; isStale: boolean }) {
  const tone = workers.alive < workers.size ? ' status-bar__item--warning' : '';
  return (
    <span
      className={`status-bar__item status-bar__figure${tone}`}
      data-testid="status-workers"
      data-stale={isStale || undefined}
      title={isStale ? STALE_HINT : `${workers.restarts} restarts since start`}
    >
      Workers{' '}
      <strong>
        {workers.alive}/{workers.size}
      </strong>{' '}
      alive · <strong>{workers.busy}</strong> busy
    </span>
  );
}

function QueueItem({ queue, isStale }: { queue: SystemStatus['queue']; isStale: boolean }) {
  const tone = queue.waiting >= queue.queueLimit ? ' status-bar__item--danger' : '';
  return (
    <span
      className={`status-bar__item status-bar__figure${tone}`}
      data-testid="status-queue"
      data-stale={isStale || undefined}
      title={isStale ? STALE_HINT : undefined}
    >
      Queue{' '}
      <strong>
        {queue.waiting}/{queue.queueLimit}
      </strong>{' '}
      waiting ·{' '}
      <strong>
        {queue.running}/{queue.concurrency}
      </strong>{' '}
      running
    </span>
  );
}

/** The pool's and queue's figures; stale ones (last heard before contact was lost) say so. */
export function StatusFigures({ status, isStale }: { status: SystemStatus; isStale: boolean }) {
  return (
    <>
      {isStale && (
        <span className="status-bar__item status-bar__stale" data-testid="status-stale">
          Last known:
        </span>
      )}
      <WorkersItem workers={status.workers} isStale={isStale} />
      <QueueItem queue={status.queue} isStale={isStale} />
    </>
  );
}

export function StatusBar() {
  const connection = useSystemStore((state) => state.connection);
  const status = useSystemStore((state) => state.status);
  const isStale = useSystemStore((state) => state.lostContactAt !== null);
  return (
    <footer className="status-bar" data-testid="status-area" data-connection={connection}>
      <span className="status-bar__item status-bar__connection" data-testid="status-connection" data-state={connection} role="status">
        <span className="connection-dot" data-state={connection} />
        {CONNECTION_LABELS[connection]}
      </span>
      {status && <StatusFigures status={status} isStale={isStale} />}
      <span className="status-bar__spacer" />
      {status && (
        <>
          <span className="status-bar__item status-bar__path" title={status.dataDir}>
            {status.dataDir}
          </span>
          <span className="status-bar__item">v{status.version}</span>
        </>
      )}
    </footer>
  );
}
