// Widths of the list's symbol tags (12 px bold capitals, 6 px padding, 1 px border) and of the
// "+N" after them, estimated on the generous side so a tag judged to fit is never cut.
const TAG_CHAR_WIDTH = 10.5;
const TAG_FRAME_WIDTH = 14;
const TAG_GAP = 4;
const MORE_CHAR_WIDTH = 9;

/** The symbol tags a list row shows whole, and how many more its "+N" counts. */
export interface SymbolTags {
  shown: string[];
  hiddenCount: number;
}

function tagWidth(symbol: string): number {
  return TAG_FRAME_WIDTH + symbol.length * TAG_CHAR_WIDTH;
}

function moreWidth(hiddenCount: number): number {
  return hiddenCount === 0 ? 0 : MORE_CHAR_WIDTH * (1 + String(hiddenCount).length);
}

/** As many leading tags as fit in `width` px together with the "+N" for the rest. */
export function fitSymbolTags(symbols: readonly string[], width: number): SymbolTags {
  let shownCount = 0;
  let tagsWidth = 0;
  for (const symbol of symbols) {
    const nextTagsWidth = tagsWidth + (shownCount > 0 ? TAG_GAP : 0) + tagWidth(symbol);
    const hiddenAfter = symbols.length - shownCount - 1;
    if (nextTagsWidth + (hiddenAfter > 0 ? TAG_GAP + moreWidth(hiddenAfter) : 0) > width) break;
    tagsWidth = nextTagsWidth;
    shownCount += 1;
  }
  return { shown: symbols.slice(0, shownCount), hiddenCount: symbols.length - shownCount };
}
