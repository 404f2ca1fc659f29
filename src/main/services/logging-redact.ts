import pino from 'pino';

/** Keys whose values never reach a log, at any depth (matched case-insensitively, ignoring `-` and `_`). */
const SECRET_KEY = /^(?:token|accesstoken|refreshtoken|apikey|apitoken|authorization|proxyauthorization|password|passwd|passphrase|secret|clientsecret|cookie|setcookie|session|sessionid|privatekey|credentials?)$/;

export const REDACTED = '[redacted]';

/** Deeper than this, values are summarised instead of walked (logs never need them). */
const MAX_DEPTH = 8;
const MAX_ARRAY_ITEMS = 100;

function isSecretKey(key: string): boolean {
  return SECRET_KEY.test(key.toLowerCase().replace(/[-_]/g, ''));
}

const URL_WITH_QUERY = /\b([a-z][a-z0-9+.-]*:\/\/[^\s?#"'<>]*)\?[^\s#"'<>]*/gi;
const SECRET_ASSIGNMENT = /\b(token|access_token|api_key|apikey|password|secret)=([^&\s"']+)/gi;
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g;

/**
 * Removes what could carry a secret from free text: the query string of any URL
 * (`?token=` travels there), `token=…`-style assignments and Authorization values.
 */
export function scrubText(text: string): string {
  if (!text.includes('?') && !text.includes('=') && !/bearer|basic/i.test(text)) return text;
  return text
    .replace(URL_WITH_QUERY, `$1?${REDACTED}`)
    .replace(SECRET_ASSIGNMENT, `$1=${REDACTED}`)
    .replace(BEARER, `$1 ${REDACTED}`);
}

/** A request path for logs: never the query string. */
export function pathWithoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end === -1 ? url : url.slice(0, end);
}

/**
 * Returns a copy of `value` with secret-named keys redacted at any depth, free text
 * scrubbed, and errors serialised (so their messages are scrubbed too). Never mutates.
 */
export function redactValue(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return scrubText(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth >= MAX_DEPTH) return Array.isArray(value) ? `[array(${value.length})]` : '[object]';
  seen.add(value);
  try {
    if (value instanceof Error) return redactValue(pino.stdSerializers.err(value), depth, seen);
    if (value instanceof Date) return value.toISOString();
    if (value instanceof URL) return scrubText(value.href);
    if (Array.isArray(value)) {
      const items = value.slice(0, MAX_ARRAY_ITEMS).map((item) => redactValue(item, depth + 1, seen));
      if (value.length > MAX_ARRAY_ITEMS) items.push(`[${value.length - MAX_ARRAY_ITEMS} more]`);
      return items;
    }
    if (ArrayBuffer.isView(value)) return `[${value.constructor.name}(${value.byteLength} bytes)]`;
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      copy[key] = isSecretKey(key) ? REDACTED : redactValue(child, depth + 1, seen);
    }
    return copy;
  } finally {
    seen.delete(value);
  }
}

export function redactRecord(record: Record<string, unknown>): Record<string, unknown> {
  return redactValue(record) as Record<string, unknown>;
}
