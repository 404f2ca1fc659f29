import { memo } from 'react';
import type { LogEntry } from '../../../../shared/contract';
import { formatDateTime, formatLogTime } from '../../format/format';
import { formatLogFields, logSource } from './log-filter';

export const LogRow = memo(function LogRow({ entry }: { entry: LogEntry }) {
  const fields = formatLogFields(entry.fields);
  return (
    <div className={`log-row log-row--${entry.level}`} role="row" data-testid="log-row" data-level={entry.level}>
      <span className="log-row__time" role="cell" title={formatDateTime(entry.time)}>
        {formatLogTime(entry.time)}
      </span>
      <span className="log-row__level" role="cell">
        {entry.level}
      </span>
      <span className="log-row__source" role="cell" title={logSource(entry)}>
        {logSource(entry)}
      </span>
      <span className="log-row__message" role="cell">
        {entry.message}
        {fields && <span className="log-row__fields"> {fields}</span>}
      </span>
    </div>
  );
});
