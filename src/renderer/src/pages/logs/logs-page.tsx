import { useDeferredValue, useMemo, useState } from 'react';
import { LOG_LEVELS, type LogLevel } from '../../../../shared/contract';
import { EmptyState } from '../../components/empty-state';
import { LogsIcon } from '../../components/icons';
import { formatCount } from '../../format/format';
import { useLogsStore } from '../../stores/logs-store';
import { filterLogEntries, isLogLevel } from './log-filter';
import { LogList } from './log-list';
import './logs.css';

export function LogsPage() {
  const entries = useLogsStore((state) => state.entries);
  const hasLoaded = useLogsStore((state) => state.hasLoaded);
  const [minLevel, setMinLevel] = useState<LogLevel>('info');
  const [search, setSearch] = useState('');
  const [isFollowing, setFollowing] = useState(true);
  const deferredSearch = useDeferredValue(search);
  const shown = useMemo(() => filterLogEntries(entries, minLevel, deferredSearch), [entries, minLevel, deferredSearch]);

  return (
    <div className="page page--fill">
      <header className="page-header">
        <div>
          <h1>Logs</h1>
          <p>The latest {formatCount(entries.length)} entries from the app and its workers, live.</p>
        </div>
      </header>
      <div className="toolbar">
        <label className="field-label">
          Level
          <select className="select" data-testid="logs-level-filter" value={minLevel} onChange={(event) => {
              if (isLogLevel(event.target.value)) setMinLevel(event.target.value);
            }}>
            {LOG_LEVELS.map((level) => (
              <option key={level} value={level}>
                {level === 'trace' ? 'All' : `${level} and above`}
              </option>
            ))}
          </select>
        </label>
        <input className="input logs-search" type="search" placeholder="Search messages, sources, fields" aria-label="Search logs" data-testid="logs-search" value={search} onChange={(event) => setSearch(event.target.value)} />
        <label className="checkbox">
          <input type="checkbox" data-testid="logs-follow" checked={isFollowing} onChange={(event) => setFollowing(event.target.checked)} />
          Auto-scroll
        </label>
        <span className="toolbar__spacer" />
        <span className="muted tabular" data-testid="logs-count">
          {formatCount(shown.length)} of {formatCount(entries.length)}
        </span>
      </div>
      {shown.length > 0 ? (
        <LogList entries={shown} isFollowing={isFollowing} onFollowingChange={setFollowing} />
      ) : (
        <div className="panel">
          <EmptyState testId="logs-empty" icon={<LogsIcon />} title={entries.length > 0 ? 'No entries match' : hasLoaded ? 'No log entries yet' : 'Loading logs…'}>
            {entries.length > 0 ? 'Lower the level or change the search to see more.' : 'Entries from the app and its workers appear here as they are written.'}
          </EmptyState>
        </div>
      )}
    </div>
  );
}
