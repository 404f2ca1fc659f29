/**
 * Prices are imported one CSV file per symbol, and the symbol is the file's name:
 * `AAPL.csv`, `^GSPC.csv`, `brk-b.csv` (upper-cased to BRK-B). One rule for every way a
 * file arrives (a path on this machine or an upload). It is also the upload's safety check:
 * such a name is one plain file name, with no path separator or control character, never `..`.
 */

/** ASCII only, and no `i` flag: case folding would let `ſ` or `ı` pass as letters. */
const SYMBOL_FILE_NAME = /^([A-Za-z0-9.\-^_]{1,20})\.[cC][sS][vV]$/;
/** A symbol needs one: `..csv` would otherwise be the symbol `.`, and `...csv` the symbol `..`. */
const LETTER_OR_DIGIT = /[A-Za-z0-9]/;

/** What a symbol file name may be, as a sentence for messages. */
export const SYMBOL_FILE_NAME_RULE =
  'A file must be named after its symbol and end in .csv; a symbol is 1 to 20 letters A–Z, digits ' +
  'or . - ^ _ characters, with at least one letter or digit (e.g. AAPL.csv, ^GSPC.csv, BRK-B.csv)';

/** The symbol a file name (no folder) gives, or null when the name is not a symbol followed by .csv. */
export function symbolForFileName(fileName: string): string | null {
  const stem = SYMBOL_FILE_NAME.exec(fileName)?.[1];
  return stem === undefined || !LETTER_OR_DIGIT.test(stem) ? null : stem.toUpperCase();
}
