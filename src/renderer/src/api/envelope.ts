import type { Envelope } from '../../../shared/contract';
import { ERROR_KINDS, type ErrorKind } from '../../../shared/errors';

/** Builds the error envelope the client answers with when the host could not. */
export function failureEnvelope(kind: ErrorKind, message: string, elapsedMs: number, details?: unknown): Envelope<never> {
  return { ok: false, error: details === undefined ? { kind, message } : { kind, message, details }, meta: { elapsedMs } };
}

/** What the user reads when a request never got an answer from the host. */
export const HOST_UNREACHABLE_MESSAGE = "Cannot reach Quantdesk's host. Check that it is still running, then try again; your data is safe.";

/**
 * The envelope for a request the host never answered. The browser's wording ("Failed to fetch")
 * means nothing to the user: it goes in `details.reason`, for whoever debugs.
 */
export function hostUnreachableEnvelope(reason: string, elapsedMs: number): Envelope<never> {
  return failureEnvelope('unavailable', HOST_UNREACHABLE_MESSAGE, elapsedMs, { reason });
}

function isErrorKind(value: unknown): value is ErrorKind {
  return typeof value === 'string' && (ERROR_KINDS as readonly string[]).includes(value);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The error kind a bare HTTP status stands for, when the body is not an envelope. */
export function errorKindForStatus(status: number): ErrorKind {
  if (status === 400 || status === 413 || status === 422) return 'invalid';
  if (status === 401 || status === 403) return 'unauthorized';
  if (status === 404) return 'not_found';
  if (status === 409) return 'conflict';
  if (status === 429) return 'queue_full';
  if (status === 502 || status === 503 || status === 504) return 'unavailable';
  return 'internal';
}

/** A response body parsed as JSON; null when it is not JSON (envelopeFromResponse then answers an error). */
export function parseJsonBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

/**
 * Turns an HTTP answer into the contract's envelope. A well-formed envelope passes
 * through whatever the status; anything else becomes an error envelope, so callers
 * never see `ok: true` for a failure nor a thrown exception.
 */
export function envelopeFromResponse(status: number, body: unknown, elapsedMs: number): Envelope<unknown> {
  if (isRecord(body)) {
    const meta = isRecord(body.meta) && typeof body.meta.elapsedMs === 'number' ? { elapsedMs: body.meta.elapsedMs } : { elapsedMs };
    if (body.ok === true && 'data' in body && status < 400) return { ok: true, data: body.data, meta };
    if (body.ok === false && isRecord(body.error) && typeof body.error.message === 'string') {
      const kind = isErrorKind(body.error.kind) ? body.error.kind : errorKindForStatus(status);
      const error = body.error.details === undefined ? { kind, message: body.error.message } : { kind, message: body.error.message, details: body.error.details };
      return { ok: false, error, meta };
    }
  }
  const kind = status < 400 ? 'internal' : errorKindForStatus(status);
  return failureEnvelope(kind, `The host answered HTTP ${status} without a valid response`, elapsedMs);
}
