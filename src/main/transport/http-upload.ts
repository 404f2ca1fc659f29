import { Readable } from 'node:stream';
import { MAX_STAGED_FILE_BYTES, type Envelope, type StagedUpload } from '../../shared/contract';
import { isAppError } from '../../shared/errors';
import type { AppServices } from '../app-types';
import { StagedFileTooLarge } from '../services/staging';
import { declaredBodyBytes } from './http-body';
import { elapsedSince, HTTP_STATUS_BY_ERROR_KIND, type ErrorStatus } from './http-envelope';

/**
 * `POST /api/uploads/<file name>` with the file's raw bytes as the body: how the headless
 * host's page stages a picked file (a browser cannot give its path) without reading it into
 * a string, and with progress the browser can report. Same token and origin rules as every
 * other /api request. The renderer's side is src/renderer/src/api/file-upload.ts.
 */
export const UPLOAD_ROUTE = '/api/uploads/:name';

export interface UploadAnswer {
  status: 200 | ErrorStatus;
  envelope: Envelope<StagedUpload>;
}

/**
 * Streams `request`'s body to a fresh staging folder as `name`. A body declared or found too
 * large (413), a bad name (400), or a sender that goes away leaves no file behind.
 */
export async function receiveUpload(app: AppServices, request: Request, name: string, startedAt: number): Promise<UploadAnswer> {
  const meta = () => ({ elapsedMs: elapsedSince(startedAt) });
  try {
    if ((declaredBodyBytes(request) ?? 0) > MAX_STAGED_FILE_BYTES) throw new StagedFileTooLarge(name);
    const path = await app.stageUpload(name, request.body ?? Readable.from([]), request.signal);
    return { status: 200, envelope: { ok: true, data: { path }, meta: meta() } };
  } catch (error) {
    if (!isAppError(error)) throw error;
    const status = error instanceof StagedFileTooLarge ? 413 : HTTP_STATUS_BY_ERROR_KIND[error.kind];
    return { status, envelope: { ok: false, error: error.toBody(), meta: meta() } };
  }
}
