/** Reading request bodies within a size limit, for the HTTP transport. */

/** The body size a request declares, or null when it declares none (chunked) or nonsense. */
export function declaredBodyBytes(request: Request): number | null {
  const declared = Number(request.headers.get('content-length') ?? Number.NaN);
  return Number.isFinite(declared) ? declared : null;
}

export type BodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; message: string };

/** Reads a JSON body, refusing it once it passes `limit` bytes (without buffering more). */
export async function readJsonBody(request: Request, limit: number): Promise<BodyResult> {
  const tooLarge: BodyResult = { ok: false, status: 413, message: `Request body is larger than ${limit} bytes` };
  if ((declaredBodyBytes(request) ?? 0) > limit) return tooLarge;
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (request.body) {
    const reader = request.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > limit) {
        await reader.cancel().catch(() => {});
        return tooLarge;
      }
      chunks.push(value);
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks, size));
  } catch {
    return { ok: false, status: 400, message: 'Request body is not valid UTF-8' };
  }
  // An empty body is an empty request: `curl -X POST …/api/system/status` just works.
  if (text.trim() === '') return { ok: true, value: {} };
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, status: 400, message: 'Request body is not valid JSON' };
  }
}
