import type { CommandName, CommandRequest, CommandResponse, Envelope, QuantdeskApi } from '../../../shared/contract';
import { envelopeFromResponse, hostUnreachableEnvelope, parseJsonBody } from './envelope';
import { EventStream, type ConnectionState, type EventSourceLike } from './event-stream';
import { createFileUploader, type FileUploader, type UploadRequest } from './file-upload';

/** The contract over HTTP + SSE, plus what only a network transport has: connection state and uploads. */
export interface HttpClient extends QuantdeskApi {
  watchConnection(listener: (state: ConnectionState) => void): () => void;
  uploadFile: FileUploader;
}

export interface HttpClientOptions {
  token: string | null;
  /** Origin and path prefix of the host; empty for the page's own origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  createEventSource?: (url: string) => EventSourceLike;
  createUploadRequest?: () => UploadRequest;
}

/**
 * The browser side of the headless host: commands are `POST /api/<command>` answering the
 * envelope, events one shared `EventSource`, files uploaded with progress. Failures become
 * error envelopes, never throws.
 */
export function createHttpClient(options: HttpClientOptions): HttpClient {
  const baseUrl = options.baseUrl ?? '';
  const fetchImplementation = options.fetch ?? globalThis.fetch.bind(globalThis);
  const query = options.token ? `?token=${encodeURIComponent(options.token)}` : '';
  const stream = new EventStream({
    url: `${baseUrl}/api/events${query}`,
    createSource: options.createEventSource ?? ((url) => new EventSource(url)),
  });
  const authorization: Record<string, string> = options.token ? { Authorization: `Bearer ${options.token}` } : {};
  const headers = { 'Content-Type': 'application/json', ...authorization };

  async function invoke<C extends CommandName>(command: C, request: CommandRequest<C>): Promise<Envelope<CommandResponse<C>>> {
    const started = performance.now();
    const elapsed = () => Math.round(performance.now() - started);
    let status: number;
    let text: string;
    try {
      const response = await fetchImplementation(`${baseUrl}/api/${command}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(request),
      });
      status = response.status;
      text = await response.text();
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return hostUnreachableEnvelope(reason, elapsed());
    }
    // The host's envelope carries the data's type; the client cannot check it further.
    return envelopeFromResponse(status, parseJsonBody(text), elapsed()) as Envelope<CommandResponse<C>>;
  }

  return {
    invoke,
    subscribe: (listener) => stream.subscribe(listener),
    watchConnection: (listener) => stream.watchConnection(listener),
    uploadFile: createFileUploader({
      baseUrl,
      headers: authorization,
      ...(options.createUploadRequest ? { createRequest: options.createUploadRequest } : {}),
    }),
  };
}
