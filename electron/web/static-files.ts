/**
 * The built renderer over HTTP: brotli or gzip as the browser accepts, from the copies the build
 * compressed (precompress.ts), else compressed once at a fast setting; kept in memory (the build is
 * a few MB at most and never changes under a running host); hashed assets cached for a year,
 * everything else revalidated; a missing file with an extension is a 404 (only extension-less
 * paths are the single-page app's routes and get index.html).
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { contentTypeOf } from './content-types';
import { compress, isCompressible, SUFFIX, type ContentEncoding } from './precompress';
import { SECURITY_HEADERS } from './security-headers';
/** Vite's hashed output: `assets/name-<hash>.ext`. Its name changes whenever its content does. */
const HASHED = /^assets\/[^/]+-[A-Za-z0-9_-]{8,}\.[a-z0-9]+$/;

export type Encoding = 'br' | 'gzip' | 'identity';

/** The best encoding the request accepts (q=0 refuses one). */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  const accepted = new Map<string, number>();
  for (const part of (acceptEncoding ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)).find(Boolean);
    accepted.set(name, q ? Number(q[1]) : 1);
  }
  const ok = (n: string): boolean => (accepted.get(n) ?? accepted.get('*') ?? 0) > 0;
  if (ok('br')) return 'br';
  if (ok('gzip')) return 'gzip';
  return 'identity';
}

export interface StaticFiles {
  handle(req: IncomingMessage, res: ServerResponse, path: string): void;
  /** Loads (or compresses) every file's copies ahead of the first request, in the background. */
  warm(): Promise<void>;
}

export function staticFiles(root: string): StaticFiles {
  const staticRoot = resolve(root);
  const cache = new Map<string, Promise<Buffer>>();
  /** The page's Link header, read once per file (the build never changes under a running host). */
  const pageLinks = new Map<string, string | null>();
  const pageLinksOfFile = (file: string): string | null => {
    if (!pageLinks.has(file)) pageLinks.set(file, pageLinksOf(readFileSync(file, 'utf8')));
    return pageLinks.get(file) ?? null;
  };

  function encoded(file: string, enc: ContentEncoding): Promise<Buffer> {
    const key = `${enc}:${file}`;
    let p = cache.get(key);
    if (!p) {
      p = copyOf(file, enc);
      cache.set(key, p);
    }
    return p;
  }

  /** The build's copy when it is there and not older than the file, else a fast compression. */
  async function copyOf(file: string, enc: ContentEncoding): Promise<Buffer> {
    const copy = file + SUFFIX[enc];
    if (existsSync(copy) && statSync(copy).mtimeMs >= statSync(file).mtimeMs) return readFile(copy);
    return compress(await readFile(file), enc, 'fast');
  }

  function resolveFile(path: string): string | null {
    let rel: string;
    try {
      rel = normalize(decodeURIComponent(path)).replace(/^([/\\])+/, '');
    } catch {
      return null;
    }
    const file = resolve(join(staticRoot, rel));
    if (file !== staticRoot && !file.startsWith(staticRoot + sep)) return null;
    if (existsSync(file) && !statSync(file).isDirectory()) return file;
    // A route of the app ('/', '/billing/2026-11'), never a missing script or image.
    if (extname(rel) === '') return join(staticRoot, 'index.html');
    return null;
  }

  function notFound(res: ServerResponse): void {
    res.writeHead(404, { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end('not found');
  }

  return {
    handle(req, res, path) {
      const file = resolveFile(path);
      if (!file || !existsSync(file)) {
        notFound(res);
        return;
      }
      const rel = file
        .slice(staticRoot.length + 1)
        .split(sep)
        .join('/');
      const isIndex = rel === 'index.html';
      const cacheControl = isIndex ? 'no-store' : HASHED.test(rel) ? 'public, max-age=31536000, immutable' : 'no-cache';
      const enc = isCompressible(file, statSync(file).size) ? pickEncoding(req.headers['accept-encoding']) : 'identity';
      const headers: Record<string, string> = {
        ...SECURITY_HEADERS,
        'Content-Type': contentTypeOf(file),
        'Cache-Control': cacheControl,
        Vary: 'Accept-Encoding',
      };
      if (isIndex) {
        const link = pageLinksOfFile(file);
        if (link) headers.Link = link;
      }
      const send = (body: Buffer): void => {
        res.writeHead(200, { ...headers, 'Content-Length': String(body.length), ...(enc === 'identity' ? {} : { 'Content-Encoding': enc }) });
        res.end(req.method === 'HEAD' ? undefined : body);
      };
      if (enc === 'identity') send(readFileSync(file));
      else
        encoded(file, enc).then(send, () => {
          if (!res.headersSent) notFound(res);
        });
    },
    async warm() {
      const files: string[] = [];
      const walk = (dir: string): void => {
        for (const name of readdirSafe(dir)) {
          const f = join(dir, name);
          if (statSync(f).isDirectory()) walk(f);
          else if (isCompressible(f, statSync(f).size)) files.push(f);
        }
      };
      walk(staticRoot);
      // One file at a time: a start-up must not take both cores from the rest of the machine
      // (reading the build's copies costs next to nothing; only a build without them compresses).
      for (const f of files) await Promise.all([encoded(f, 'br'), encoded(f, 'gzip')]).catch(() => undefined);
    },
  };
}

/**
 * The `Link` header value for a page's HTML: its own module scripts and module preloads
 * (`<script type="module" src>`, `<link rel="modulepreload" href>`), in order, as module preloads
 * with the priority the page gives them (`fetchpriority`); null for none. The browser reads a page's Link header when the page commits, before it has parsed
 * a byte of it: in a fresh tab the parser's first pass came ~30-60 ms later (the new document's script
 * contexts made, the blank page before it torn down), and only then did its preload scanner ask for
 * the scripts. Paths are made absolute: the host serves the page at `/` (its routes are in the hash).
 */
export function pageLinksOf(html: string): string | null {
  const links = new Map<string, string>();
  for (const m of html.matchAll(/<script\b[^>]*\btype="module"[^>]*>|<link\b[^>]*\brel="modulepreload"[^>]*>/g)) {
    const url = /\b(?:src|href)="([^"]+)"/.exec(m[0])?.[1];
    if (!url || /^[a-z]+:|^\/\//i.test(url) || links.has(url)) continue;
    // A priority the page gives a preload (fetchpriority="low") goes with it into the header.
    const priority = /\bfetchpriority="(high|low)"/.exec(m[0])?.[1];
    links.set(url, `<${url.replace(/^\.\//, '/')}>; rel=modulepreload${priority ? `; fetchpriority=${priority}` : ''}`);
  }
  return links.size ? [...links.values()].join(', ') : null;
}

function readdirSafe(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}
