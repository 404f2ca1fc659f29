import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { CONTENT_SECURITY_POLICY } from './csp';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * Serves the built renderer: files under `rendererDir`, `index.html` for `/` and for
 * unknown extension-less paths (client-side routes). Never leaves `rendererDir`.
 */
export function createStaticHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  const indexPath = join(root, 'index.html');

  function inside(path: string): boolean {
    return path === root || path.startsWith(root + sep);
  }

  async function respondWithFile(path: string): Promise<Response> {
    const body = await readFile(path);
    const extension = extname(path).toLowerCase();
    const headers = new Headers({
      'Content-Type': CONTENT_TYPES[extension] ?? 'application/octet-stream',
      // Vite puts content-hashed files in assets/; everything else may change on rebuild.
      'Cache-Control': path.startsWith(join(root, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache',
    });
    if (extension === '.html') headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    return new Response(body, { status: 200, headers });
  }

  function notFound(message: string): Response {
    return new Response(message, { status: 404, headers: { 'Content-Type': 'text/plain; charset=utf-8' } });
  }

  return async (request) => {
    let pathname: string;
    try {
      pathname = decodeURIComponent(new URL(request.url).pathname);
    } catch {
      return new Response('Bad path', { status: 400 });
    }
    if (pathname.includes('\0')) return new Response('Bad path', { status: 400 });

    const candidate = resolve(root, '.' + sep + normalize(pathname).replace(/^[/\\]+/, ''));
    if (!inside(candidate)) return notFound('Not found');
    if (candidate !== root && (await isFile(candidate))) return respondWithFile(candidate);

    // Relative asset URLs requested from a nested client-side route (`/jobs/assets/x.js`).
    const assetsAt = pathname.lastIndexOf('/assets/');
    if (assetsAt > 0) {
      const asset = resolve(root, '.' + pathname.slice(assetsAt));
      if (inside(asset) && (await isFile(asset))) return respondWithFile(asset);
    }

    if (extname(pathname) !== '') return notFound('Not found');
    if (!(await isFile(indexPath))) return notFound('The renderer is not built: run `npm run build`.');
    return respondWithFile(indexPath);
  };
}
