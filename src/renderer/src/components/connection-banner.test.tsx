import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ConnectionBanner } from './connection-banner';

describe('ConnectionBanner', () => {
  it('keeps an empty live region while connected', () => {
    expect(renderToStaticMarkup(<ConnectionBanner isLost={false} />)).toBe('<div class="app__banner" role="status"></div>');
  });

  it('says the state shown is the last known one while the host cannot be reached', () => {
    const markup = renderToStaticMarkup(<ConnectionBanner isLost />);
    expect(markup).toContain('<p class="callout callout--warning connection-banner" data-testid="connection-lost-banner">');
    expect(markup).toContain('Lost contact with Quantdesk&#x27;s host</strong> — showing the last known state; reconnecting…');
  });
});
