/** A job's or a run's warnings, as a list under a heading; nothing when there are none. */
export function WarningsCallout({ warnings, testId }: { warnings: readonly string[]; testId: string }) {
  if (warnings.length === 0) return null;
  return (
    <div className="callout callout--warning" data-testid={testId}>
      <h3>Warnings</h3>
      <ul>
        {warnings.map((warning) => (
          <li key={warning}>{warning}</li>
        ))}
      </ul>
    </div>
  );
}
