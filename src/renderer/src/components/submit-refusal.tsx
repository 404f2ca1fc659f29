import type { ErrorBody } from '../../../shared/errors';

/** Why the host refused what the user just asked for, shown beside the button that asked: where they will try again. */
export function SubmitRefusal({ title, error }: { title: string; error: ErrorBody | null }) {
  if (!error) return null;
  return (
    <p className="submit-refusal" role="alert" data-testid="submit-refusal" data-kind={error.kind}>
      <strong>{title}</strong> {error.message}
    </p>
  );
}
