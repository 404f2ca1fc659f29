import type { Envelope, StagedUpload } from '../../../shared/contract';
import { envelopeFromResponse, hostUnreachableEnvelope, parseJsonBody } from './envelope';

/**
 * Sends a file to the headless host to be staged for import, calling `onProgress` with the
 * bytes of it sent so far. Failures become error envelopes, never throws.
 */
export type FileUploader = (file: File, onProgress: (sentBytes: number) => void) => Promise<Envelope<StagedUpload>>;

/** The part of `XMLHttpRequest` an upload uses, so tests can hand in a fake. */
export interface UploadRequest {
  open(method: 'POST', url: string): void;
  setRequestHeader(name: string, value: string): void;
  readonly upload: { onprogress: ((event: ProgressEvent) => void) | null };
  onload: ((event: ProgressEvent) => void) | null;
  onerror: ((event: ProgressEvent) => void) | null;
  onabort: ((event: ProgressEvent) => void) | null;
  readonly status: number;
  readonly responseText: string;
  send(body: Blob): void;
}

export interface FileUploaderOptions {
  /** Origin and path prefix of the host; empty for the page's own origin. */
  baseUrl: string;
  /** Sent with every upload (the bearer token). */
  headers: Readonly<Record<string, string>>;
  createRequest?: () => UploadRequest;
}

/**
 * Uploads with XMLHttpRequest, the browser API that reports upload progress (fetch does not).
 * The browser streams the file from disk as the raw body of `POST /api/uploads/<name>`
 * (src/main/transport/http-upload.ts): it is never read into the page's memory.
 */
export function createFileUploader(options: FileUploaderOptions): FileUploader {
  const createRequest: () => UploadRequest = options.createRequest ?? (() => new XMLHttpRequest());
  return (file, onProgress) =>
    new Promise((resolve) => {
      const started = performance.now();
      const elapsed = () => Math.round(performance.now() - started);
      const request = createRequest();
      request.open('POST', `${options.baseUrl}/api/uploads/${encodeURIComponent(file.name)}`);
      for (const [name, value] of Object.entries(options.headers)) request.setRequestHeader(name, value);
      request.setRequestHeader('Content-Type', 'application/octet-stream');
      request.upload.onprogress = (event) => onProgress(Math.min(event.loaded, file.size));
      request.onload = () => {
        // The host's envelope carries the data's type; the client cannot check it further.
        resolve(envelopeFromResponse(request.status, parseJsonBody(request.responseText), elapsed()) as Envelope<StagedUpload>);
      };
      const brokeOff = () => {
        resolve(hostUnreachableEnvelope(`The upload of ${file.name} broke off`, elapsed()));
      };
      request.onerror = brokeOff;
      request.onabort = brokeOff;
      request.send(file);
    });
}
