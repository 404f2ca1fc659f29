import { describe, expect, it } from 'vitest';
import { createRendererUrlCheck } from './renderer-url';

describe('createRendererUrlCheck', () => {
  it('trusts exactly the built index.html over file://', () => {
    const isAllowed = createRendererUrlCheck({ indexHtmlPath: '/opt/Quantdesk/out/renderer/index.html' });
    expect(isAllowed('file:///opt/Quantdesk/out/renderer/index.html')).toBe(true);
    expect(isAllowed('file:///opt/Quantdesk/out/renderer/index.html#/jobs')).toBe(true);
    expect(isAllowed('file:///opt/Quantdesk/out/renderer/other.html')).toBe(false);
    expect(isAllowed('file:///etc/passwd')).toBe(false);
    expect(isAllowed('https://example.com/opt/Quantdesk/out/renderer/index.html')).toBe(false);
    expect(isAllowed('not a url')).toBe(false);
  });

  it('trusts the dev server origin only in development', () => {
    const isAllowed = createRendererUrlCheck({ indexHtmlPath: '/x/index.html', devServerUrl: 'http://localhost:5173/' });
    expect(isAllowed('http://localhost:5173/')).toBe(true);
    expect(isAllowed('http://localhost:5173/jobs?x=1')).toBe(true);
    expect(isAllowed('http://localhost:5174/')).toBe(false);
    expect(isAllowed('file:///x/index.html')).toBe(false);
  });
});
