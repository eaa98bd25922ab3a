/**
 * Serves the built renderer (out/renderer) as `app://onetap/…` instead of file://.
 * A custom standard scheme gives the page a real origin of its own (file:// pages share one
 * with every local file), lets the IPC wrapper check "is this our page" by origin, and lets us
 * attach the security headers (CSP first) to every response ourselves.
 */
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { CustomScheme } from 'electron';
import { SECURITY_HEADERS } from '../web/security-headers';
import { APP_HOST, APP_SCHEME } from './trusted-origin';
import { contentTypeOf } from '../web/content-types';

/** Must be registered before app 'ready'. */
export const APP_SCHEME_PRIVILEGES: CustomScheme = {
  scheme: APP_SCHEME,
  // standard: origin + relative URLs like http; secure: a secure context (crypto.subtle, etc.);
  // supportFetchAPI: the page may fetch its own assets; codeCache: faster second start.
  privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
};

function notFound(): Response {
  return new Response('not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/**
 * The protocol handler: files under `rendererDir` only (no `..` escape), index.html for
 * extension-less paths so history-mode routes survive a reload, 404 for anything else.
 */
export function appProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  const root = resolve(rendererDir);
  return async (request) => {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return notFound();
    }
    if (url.protocol !== `${APP_SCHEME}:` || url.host !== APP_HOST) return notFound();
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return new Response('method not allowed', { status: 405, headers: SECURITY_HEADERS });
    }
    let rel: string;
    try {
      rel = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '');
    } catch {
      return notFound();
    }
    let file = resolve(join(root, rel));
    if (file !== root && !file.startsWith(root + sep)) return notFound();
    if (!(await isFile(file))) {
      const ext = extname(file);
      if (ext && ext !== '.html') return notFound();
      file = join(root, 'index.html');
      if (!(await isFile(file))) return notFound();
    }
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        ...SECURITY_HEADERS,
        'Content-Type': contentTypeOf(file),
        'Cache-Control': 'no-cache',
      },
    });
  };
}
