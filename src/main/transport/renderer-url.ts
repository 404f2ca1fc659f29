import { pathToFileURL } from 'node:url';

export interface RendererLocation {
  /** The Vite dev server (`ELECTRON_RENDERER_URL`) in development. */
  devServerUrl?: string;
  /** The built `out/renderer/index.html` otherwise. */
  indexHtmlPath: string;
}

/**
 * True for URLs of our own renderer: the dev server's origin in development, else exactly
 * the built index.html (any query or hash). Used to trust an IPC sender frame.
 */
export function createRendererUrlCheck(location: RendererLocation): (url: string) => boolean {
  const indexUrl = pathToFileURL(location.indexHtmlPath).href;
  const devOrigin = location.devServerUrl ? new URL(location.devServerUrl).origin : null;
  return (url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    if (devOrigin !== null) return parsed.origin === devOrigin;
    return parsed.protocol === 'file:' && `${parsed.protocol}//${parsed.host}${parsed.pathname}` === indexUrl;
  };
}
