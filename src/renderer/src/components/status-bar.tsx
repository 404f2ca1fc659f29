import type { SystemStatus } from '../../../shared/contract';
import type { ConnectionState } from '../api/client';
import { useSystemStore } from '../stores/system-store';

const CONNECTION_LABELS: Record<ConnectionState, string> = {
  connecting: 'Connecting…',
  connected: 'Connected',
  reconnecting: 'Reconnecting…',
};

function WorkersItem({ workers }: { workers: SystemStatus['workers'] }) {
  const tone = workers.alive < workers.size ? ' status-bar__item--warning' : '';
  return (
    <span className={`status-bar__item status-bar__figure${tone}`} data-testid="status-workers" title={`${workers.restarts} restarts since start`}>
      Workers{' '}
      <strong>
        {workers.alive}/{workers.size}
      </strong>{' '}
      alive · <strong>{workers.busy}</strong> busy
    </span>
  );
}

function QueueItem({ queue }: { queue: SystemStatus['queue'] }) {
  const tone = queue.waiting >= queue.queueLimit ? ' status-bar__item--danger' : '';
  return (
    <span className={`status-bar__item status-bar__figure${tone}`} data-testid="status-queue">
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

export function StatusBar() {
  const connection = useSystemStore((state) => state.connection);
  const status = useSystemStore((state) => state.status);
  return (
    <footer className="status-bar" data-testid="status-area" data-connection={connection}>
      <span className="status-bar__item status-bar__connection" data-testid="status-connection" data-state={connection} role="status">
        <span className="connection-dot" data-state={connection} />
        {CONNECTION_LABELS[connection]}
      </span>
      {status && <WorkersItem workers={status.workers} />}
      {status && <QueueItem queue={status.queue} />}
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
