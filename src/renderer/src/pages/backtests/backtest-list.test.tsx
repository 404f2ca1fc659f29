import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { backtestFixture } from './backtest-fixture';
import { BacktestRow } from './backtest-list';

const LONG_NAME = 'bulk run #147 with a rather long descriptive name to test clipping in the list, and more';

function rowMarkup(symbolsWidth: number | null): string {
  const run = backtestFixture({ name: LONG_NAME, symbols: ['GOOG', 'NVDA', 'ORCL', 'YHOO'] });
  return renderToStaticMarkup(<BacktestRow run={run} isSelected={false} symbolsWidth={symbolsWidth} onToggle={() => {}} />);
}

describe('BacktestRow', () => {
  it('keeps a long name to one clipped line with the whole name in its tooltip', () => {
    expect(rowMarkup(400)).toContain(`<span class="bt-row__name" title="${LONG_NAME}">${LONG_NAME}</span>`);
  });

  it('shows the symbol tags that fit the column whole, and counts the rest', () => {
    const markup = rowMarkup(140);
    expect(markup.match(/class="symbol-tag"/g)).toHaveLength(2);
    expect(markup).toContain('<span class="muted">+2</span>');
    expect(rowMarkup(400).match(/class="symbol-tag"/g)).toHaveLength(4);
    expect(rowMarkup(400)).not.toContain('class="muted">+');
  });
});
