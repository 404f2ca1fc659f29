import { describe, expect, it } from 'vitest';
import { envelopeFromResponse, errorKindForStatus } from './envelope';

describe('envelopeFromResponse', () => {
  it('passes a success envelope through', () => {
    const body = { ok: true, data: { id: 'j1' }, meta: { elapsedMs: 3 } };
    expect(envelopeFromResponse(200, body, 9)).toEqual(body);
  });

  it('passes an error envelope through whatever the HTTP status', () => {
    const body = { ok: false, error: { kind: 'queue_full', message: 'Queue is full: 20 jobs waiting', details: { waiting: 20 } }, meta: { elapsedMs: 1 } };
    expect(envelopeFromResponse(429, body, 9)).toEqual(body);
  });

  it('never answers ok for an error status, even if the body claims so', () => {
    const envelope = envelopeFromResponse(500, { ok: true, data: 1, meta: { elapsedMs: 1 } }, 4);
    expect(envelope.ok).toBe(false);
    expect(envelope.ok === false && envelope.error.kind).toBe('internal');
  });

  it('maps an unknown error kind to the one the status stands for', () => {
    const envelope = envelopeFromResponse(404, { ok: false, error: { kind: 'gone', message: 'No such job' }, meta: { elapsedMs: 1 } }, 4);
    expect(envelope).toEqual({ ok: false, error: { kind: 'not_found', message: 'No such job' }, meta: { elapsedMs: 1 } });
  });

  it('turns a body that is not an envelope into an error named by the status', () => {
    const envelope = envelopeFromResponse(401, null, 7);
    expect(envelope).toEqual({ ok: false, error: { kind: 'unauthorized', message: expect.stringContaining('401') }, meta: { elapsedMs: 7 } });
  });

  it('treats a 200 without an envelope as an internal error', () => {
    const envelope = envelopeFromResponse(200, '<html>', 2);
    expect(envelope.ok === false && envelope.error.kind).toBe('internal');
  });

  it('fills in the client-side elapsed time when meta is missing', () => {
    expect(envelopeFromResponse(200, { ok: true, data: null }, 12)).toEqual({ ok: true, data: null, meta: { elapsedMs: 12 } });
  });
});

describe('errorKindForStatus', () => {
  it.each([
    [400, 'invalid'],
    [413, 'invalid'],
    [401, 'unauthorized'],
    [403, 'unauthorized'],
    [404, 'not_found'],
    [409, 'conflict'],
    [429, 'queue_full'],
    [503, 'unavailable'],
    [500, 'internal'],
  ] as const)('maps %i to %s', (status, kind) => {
    expect(errorKindForStatus(status)).toBe(kind);
  });
});
