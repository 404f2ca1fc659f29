interface CoverageBarProps {
  first: number;
  last: number;
  /** The span of all symbols, so bars line up across rows. */
  rangeStart: number;
  rangeEnd: number;
}

/** Where a symbol's history sits within the span of every symbol's. */
export function CoverageBar({ first, last, rangeStart, rangeEnd }: CoverageBarProps) {
  const span = Math.max(1, rangeEnd - rangeStart);
  const left = ((first - rangeStart) / span) * 100;
  const width = Math.max(1, ((last - first) / span) * 100);
  return (
    <div className="coverage-bar" aria-hidden="true">
      <div className="coverage-bar__span" style={{ left: `${left}%`, width: `${width}%` }} />
    </div>
  );
}
