import type { ReactNode } from 'react';
import { isTerminalStatus } from '../../../shared/job';
import { useJobsStore } from '../stores/jobs-store';
import { useNavigationStore, type PageName } from '../stores/navigation-store';
import { BacktestsIcon, DataIcon, JobsIcon, LogsIcon, MarkIcon, SettingsIcon } from './icons';

const NAVIGATION: ReadonlyArray<{ page: PageName; label: string; icon: ReactNode }> = [
  { page: 'jobs', label: 'Jobs', icon: <JobsIcon /> },
  { page: 'backtests', label: 'Backtests', icon: <BacktestsIcon /> },
  { page: 'data', label: 'Data', icon: <DataIcon /> },
  { page: 'logs', label: 'Logs', icon: <LogsIcon /> },
  { page: 'settings', label: 'Settings', icon: <SettingsIcon /> },
];

function useActiveJobCount(): number {
  return useJobsStore((state) => state.order.reduce((count, id) => (isTerminalStatus(state.records[id]!.status) ? count : count + 1), 0));
}

export function Sidebar() {
  const page = useNavigationStore((state) => state.page);
  const navigate = useNavigationStore((state) => state.navigate);
  const activeJobs = useActiveJobCount();
  return (
    <aside className="sidebar">
      <div className="sidebar__brand">
        <span className="sidebar__mark">
          <MarkIcon />
        </span>
        Quantdesk
      </div>
      <nav className="sidebar__nav" aria-label="Main">
        {NAVIGATION.map((item) => (
          <button
            key={item.page}
            type="button"
            className="nav-item"
            data-testid={`nav-${item.page}`}
            aria-current={page === item.page ? 'page' : undefined}
            onClick={() => {
              // Backtests has sub-addresses (a run, a sweep): the nav item returns to its list.
              if (item.page === 'backtests' && window.location.hash !== '#/backtests') window.location.hash = '#/backtests';
              navigate(item.page);
            }}
          >
            {item.icon}
            <span className="nav-item__label">{item.label}</span>
            {item.page === 'jobs' && activeJobs > 0 && (
              <span className="nav-item__badge" title={`${activeJobs} active`}>
                {activeJobs}
              </span>
            )}
          </button>
        ))}
      </nav>
    </aside>
  );
}
