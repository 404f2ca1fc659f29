import type { Envelope } from '../../shared/contract';
import type { ErrorKind } from '../../shared/errors';

export type ErrorStatus = 400 | 401 | 403 | 404 | 405 | 409 | 413 | 429 | 500 | 503;

/**
 * The HTTP status for each error kind. `corrupt` (stored data that cannot be read back)
 * is the server's fault, hence 500; the envelope's kind tells it apart from `internal`.
 */
export const HTTP_STATUS_BY_ERROR_KIND = {
  invalid: 400,
  unauthorized: 401,
  not_found: 404,
  conflict: 409,
  queue_full: 429,
  corrupt: 500,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<ErrorKind, ErrorStatus>;

export function httpStatusFor(envelope: Envelope<unknown>): 200 | ErrorStatus {
  return envelope.ok ? 200 : (HTTP_STATUS_BY_ERROR_KIND[envelope.error.kind] ?? 500);
}

/** An error envelope made by the transport itself (before or instead of dispatch). */
export function errorEnvelope(kind: ErrorKind, message: string, startedAt: number): Envelope<never> {
  return { ok: false, error: { kind, message }, meta: { elapsedMs: elapsedSince(startedAt) } };
}

export function elapsedSince(startedAt: number): number {
  return Math.round((performance.now() - startedAt) * 1000) / 1000;
}
