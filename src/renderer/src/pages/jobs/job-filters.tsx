import { JOB_STATUSES } from '../../../../shared/job';
import { isJobKind, JOB_KINDS } from '../../../../shared/kinds';
import { STATUS_LABELS } from '../../components/status-chip';
import { isStatusFilter, type JobQuery } from '../../stores/job-query';

interface JobFiltersProps {
  query: JobQuery;
  kinds: readonly string[];
  onChange(query: JobQuery): void;
}

function kindLabel(kind: string): string {
  return isJobKind(kind) ? JOB_KINDS[kind].label : kind;
}

export function JobFilters({ query, kinds, onChange }: JobFiltersProps) {
  return (
    <>
      <label className="field-label">
        Status
        <select
          className="select"
          data-testid="jobs-status-filter"
          value={query.statusFilter}
          onChange={(event) => {
            if (isStatusFilter(event.target.value)) onChange({ ...query, statusFilter: event.target.value });
          }}
        >
          <option value="all">All</option>
          <option value="active">Active</option>
          <option value="finished">Finished</option>
          <optgroup label="Status">
            {JOB_STATUSES.map((status) => (
              <option key={status} value={status}>
                {STATUS_LABELS[status]}
              </option>
            ))}
          </optgroup>
        </select>
      </label>
      <label className="field-label">
        Kind
        <select className="select" data-testid="jobs-kind-filter" value={query.kind ?? ''} onChange={(event) => onChange({ ...query, kind: event.target.value || null })}>
          <option value="">All kinds</option>
          {kinds.map((kind) => (
            <option key={kind} value={kind}>
              {kindLabel(kind)}
            </option>
          ))}
        </select>
      </label>
    </>
  );
}
