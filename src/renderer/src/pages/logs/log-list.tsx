import { useLayoutEffect, useRef } from 'react';
import type { LogEntry } from '../../../../shared/contract';
import { LogRow } from './log-row';

interface LogListProps {
  entries: readonly LogEntry[];
  isFollowing: boolean;
  onFollowingChange(isFollowing: boolean): void;
}

/** How close to the bottom still counts as following the tail, in px. */
const FOLLOW_SLACK_PX = 24;

/** The log lines, kept scrolled to the newest while following; scrolling up stops following. */
export function LogList({ entries, isFollowing, onFollowingChange }: LogListProps) {
  const viewport = useRef<HTMLDivElement>(null);

  useLayoutEffect(() => {
    const element = viewport.current;
    if (isFollowing && element) element.scrollTop = element.scrollHeight;
  }, [entries, isFollowing]);

  return (
    <div
      ref={viewport}
      className="log-list panel"
      role="table"
      aria-label="Log entries"
      data-testid="log-list"
      onScroll={(event) => {
        const element = event.currentTarget;
        const isAtBottom = element.scrollHeight - element.scrollTop - element.clientHeight <= FOLLOW_SLACK_PX;
        if (isAtBottom !== isFollowing) onFollowingChange(isAtBottom);
      }}
    >
      {entries.map((entry) => (
        <LogRow key={entry.seq} entry={entry} />
      ))}
    </div>
  );
}
