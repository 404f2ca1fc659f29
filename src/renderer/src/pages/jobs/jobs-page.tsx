import { useEffect, useMemo } from 'react';
import { JOB_KINDS } from '../../../../shared/kinds';
import { HOST_LOST_HINT } from '../../components/connection-banner';
import { EmptyState } from '../../components/empty-state';
import { JobsIcon } from '../../components/icons';
import { formatCount } from '../../format/format';
import { ALL_JOBS, matchesQuery } from '../../stores/job-query';
import { useJobsStore } from '../../stores/jobs-store';
import { useNavigationStore } from '../../stores/navigation-store';
import { useSystemStore } from '../../stores/system-store';
import { JobFilters } from './job-filters';
import { JobRow } from './job-row';

/** Kinds to filter by: the product's own, diagnostics where enabled, and any seen. */
function useFilterKinds(): string[] {
  const records = useJobsStore((state) => state.records);
  const isDiagnosticsEnabled = useSystemStore((state) => state.status?.diagnosticsEnabled ?? false);
  return useMemo(() => {
    const kinds = new Set<string>();
    for (const [kind, spec] of Object.entries(JOB_KINDS)) if (!spec.isDiagnostic || isDiagnosticsEnabled) kinds.add(kind);
    for (const record of Object.values(records)) kinds.add(record.kind);
    return [...kinds].sort();
  }, [records, isDiagnosticsEnabled]);
}

export function JobsPage() {
  const { records, order, cancelling, query, listing, isLoading, hasLoaded, setQuery, loadMore, cancel } = useJobsStore();
  const lostContactAt = useSystemStore((state) => state.lostContactAt);
  const highlightedJobId = useNavigationStore((state) => state.highlightedJobId);
  const navigate = useNavigationStore((state) => state.navigate);
  const kinds = useFilterKinds();
  const jobs = useMemo(() => order.map((id) => records[id]!).filter((job) => matchesQuery(job, query)), [order, records, query]);
  const isFiltered = query.statusFilter !== 'all' || query.kind !== null;
  const highlighted = highlightedJobId ? records[highlightedJobId] : undefined;
  const isHighlightHidden = highlighted !== undefined && !matchesQuery(highlighted, query);
  const total = listing?.total ?? null;
  // Pages loaded under other filters may already hold every job this one matches: the host's
  // next page would then add nothing.
  const hasOlderJobs = listing !== null && listing.nextOffset !== null && listing.total > jobs.length;

  // A job pointed to from elsewhere must be visible whatever the filters.
  useEffect(() => {
    if (isHighlightHidden) setQuery(ALL_JOBS);
  }, [isHighlightHidden, setQuery]);

  return (
    <div className="page">
      <header className="page-header">
        <div>
          <h1>Jobs</h1>
          <p>Imports and computations run in the background; follow them here.</p>
        </div>
      </header>
      <div className="toolbar">
        <JobFilters query={query} kinds={kinds} onChange={setQuery} />
        {isFiltered && (
          <button type="button" className="button button--quiet button--small" onClick={() => setQuery(ALL_JOBS)}>
            Clear filters
          </button>
        )}
        <span className="toolbar__spacer" />
        <span className="muted tabular" data-testid="jobs-count">
          {total !== null && total > jobs.length ? `${formatCount(jobs.length)} of ${formatCount(total)} jobs` : `${formatCount(jobs.length)} ${jobs.length === 1 ? 'job' : 'jobs'}`}
        </span>
      </div>
      {jobs.length > 0 ? (
        <ul className="job-list panel" data-testid="job-list">
          {jobs.map((job) => (
            <JobRow
              key={job.id}
              job={job}
              isCancelling={cancelling.has(job.id)}
              isHighlighted={job.id === highlightedJobId}
              lostContactAt={lostContactAt}
              onCancel={cancel}
            />
          ))}
        </ul>
      ) : (
        <div className="panel">
          {isFiltered ? (
            <EmptyState
              testId="jobs-empty"
              icon={<JobsIcon />}
              title="No jobs match these filters"
              actions={
                <button type="button" className="button" onClick={() => setQuery(ALL_JOBS)}>
                  Clear filters
                </button>
              }
            >
              Try another status or kind.
            </EmptyState>
          ) : (
            <EmptyState
              testId="jobs-empty"
              icon={<JobsIcon />}
              title={hasLoaded ? 'No jobs yet' : 'Loading jobs…'}
              actions={
                hasLoaded && (
                  <button type="button" className="button button--primary" onClick={() => navigate('data')}>
                    Import data
                  </button>
                )
              }
            >
              Every import and computation runs as a job. Start one and its progress appears here.
            </EmptyState>
          )}
        </div>
      )}
      {hasOlderJobs && (
        <div className="job-list__more">
          <button
            type="button"
            className="button"
            data-testid="jobs-load-more"
            disabled={isLoading || lostContactAt !== null}
            title={lostContactAt !== null ? HOST_LOST_HINT : undefined}
            onClick={() => void loadMore()}
          >
            {isLoading ? 'Loading…' : 'Show older jobs'}
          </button>
        </div>
      )}
    </div>
  );
}
