/**
 * JSON columns as the stores write and read them. Reading never throws: a damaged
 * value must not take down a whole listing, so callers decide what unreadable means.
 */

/** A JSON column as read: its value, or why it could not be read. */
export type StoredJson =
  | { isReadable: true; value: unknown; problem?: undefined }
  | { isReadable: false; value?: undefined; problem: string };

/** Serialises a value for a JSON column; `undefined` is stored as JSON null. */
export function toJsonText(value: unknown): string {
  return JSON.stringify(value) ?? 'null';
}

/** Like toJsonText, but null and undefined become SQL NULL. */
export function toNullableJsonText(value: unknown): string | null {
  return value === null || value === undefined ? null : toJsonText(value);
}

/** Parses a JSON column; SQL NULL reads as null. `column` names it in the problem. */
export function readJson(text: string | null, column: string): StoredJson {
  if (text === null) return { isReadable: true, value: null };
  try {
    return { isReadable: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return { isReadable: false, problem: `${column} is not valid JSON (${reason})` };
  }
}

/** True for `{…}` values, false for arrays and null. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
