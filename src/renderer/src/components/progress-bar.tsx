interface ProgressBarProps {
  /** In [0, 1]. */
  fraction: number;
  label: string;
  testId?: string;
}

export function ProgressBar({ fraction, label, testId }: ProgressBarProps) {
  const clamped = Math.min(1, Math.max(0, fraction));
  return (
    <div
      className="progress-bar"
      role="progressbar"
      aria-label={label}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={Math.round(clamped * 100)}
      data-testid={testId}
      data-fraction={clamped.toFixed(3)}
    >
      <div className="progress-bar__fill" style={{ transform: `scaleX(${clamped})` }} />
    </div>
  );
}
