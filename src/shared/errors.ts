/** The closed set of error kinds every command may answer with. */
export const ERROR_KINDS = [
  'invalid',
  'unauthorized',
  'not_found',
  'queue_full',
  'conflict',
  'unavailable',
  'corrupt',
  'internal',
] as const;

export type ErrorKind = (typeof ERROR_KINDS)[number];

export interface ErrorBody {
  kind: ErrorKind;
  message: string;
  details?: unknown;
}

/** An error meant for the user: its kind and message cross process boundaries as they are. */
export class AppError extends Error {
  readonly kind: ErrorKind;
  readonly details?: unknown;

  constructor(kind: ErrorKind, message: string, details?: unknown) {
    super(message);
    this.name = 'AppError';
    this.kind = kind;
    this.details = details;
  }

  toBody(): ErrorBody {
    return this.details === undefined
      ? { kind: this.kind, message: this.message }
      : { kind: this.kind, message: this.message, details: this.details };
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}
