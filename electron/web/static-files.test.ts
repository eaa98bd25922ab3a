import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { createServer, get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { precompressDir } from './precompress';
import { pageLinksOf, staticFiles } from './static-files';

let dir: string;
let server: Server;
let origin: string;
const script = (tag: string): string => `export const rows = [${Array.from({ length: 1500 }, (_, i) => `{ id: ${i}, tag: "${tag} ${i}" }`).join(', ')}];\n`;

function fetchRaw(path: string, encoding: string): Promise<{ encoding: string | undefined; body: Buffer }> {
  return new Promise((ok, fail) => {
    get(`${origin}${path}`, { headers: { 'Accept-Encoding': encoding } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => ok({ encoding: res.headers['content-encoding'] as string | undefined, body: Buffer.concat(chunks) }));
    }).on('error', fail);
  });
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-static-files-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), `<!doctype html><title>onetap</title><!-- ${'x'.repeat(2000)} -->`);
  writeFileSync(join(dir, 'assets', 'built-AbCdEf12.js'), script('built'));
  writeFileSync(join(dir, 'assets', 'tiny-AbCdEf12.js'), 'export {};');
  writeFileSync(join(dir, 'assets', 'logo-AbCdEf12.png'), Buffer.alloc(4096, 7));
  const files = staticFiles(dir);
  server = createServer((req, res) => files.handle(req, res, new URL(req.url ?? '/', 'http://x').pathname));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
  rmSync(dir, { recursive: true, force: true });
});

describe('precompressed renderer files', () => {
  it('the build writes a brotli and a gzip copy of each text file worth compressing, and only those', async () => {
    const stats = await precompressDir(dir);
    expect(stats.files).toBe(2); // index.html and the large script
    const js = join(dir, 'assets', 'built-AbCdEf12.js');
    expect(brotliDecompressSync(readFileSync(`${js}.br`)).toString()).toBe(script('built'));
    expect(gunzipSync(readFileSync(`${js}.gz`)).toString()).toBe(script('built'));
    expect(readFileSync(`${js}.br`).length).toBeLessThan(script('built').length / 4);
    expect(existsSync(join(dir, 'index.html.br'))).toBe(true);
    expect(existsSync(join(dir, 'assets', 'tiny-AbCdEf12.js.br'))).toBe(false);
    expect(existsSync(join(dir, 'assets', 'logo-AbCdEf12.png.br'))).toBe(false);
  });

  it("the host sends the build's copy byte for byte, brotli or gzip as accepted", async () => {
    const js = join(dir, 'assets', 'built-AbCdEf12.js');
    const br = await fetchRaw('/assets/built-AbCdEf12.js', 'gzip, br');
    expect(br.encoding).toBe('br');
    expect(br.body.equals(readFileSync(`${js}.br`))).toBe(true);
    const gz = await fetchRaw('/assets/built-AbCdEf12.js', 'gzip');
    expect(gz.encoding).toBe('gzip');
    expect(gz.body.equals(readFileSync(`${js}.gz`))).toBe(true);
  });

  it('a file without a copy, or with a copy older than itself, is compressed on the spot from its own content', async () => {
    writeFileSync(join(dir, 'assets', 'later-AbCdEf12.js'), script('later'));
    const later = await fetchRaw('/assets/later-AbCdEf12.js', 'br');
    expect(later.encoding).toBe('br');
    expect(brotliDecompressSync(later.body).toString()).toBe(script('later'));

    // A copy left from another build: the file was rewritten after it.
    const stale = join(dir, 'assets', 'stale-AbCdEf12.js');
    writeFileSync(`${stale}.br`, brotliCompressSync(script('old content')));
    writeFileSync(stale, script('new content'));
    const past = new Date(Date.now() - 60_000);
    utimesSync(`${stale}.br`, past, past);
    const fresh = await fetchRaw('/assets/stale-AbCdEf12.js', 'br');
    expect(brotliDecompressSync(fresh.body).toString()).toBe(script('new content'));
    const plain = await fetchRaw('/assets/stale-AbCdEf12.js', 'identity');
    expect(plain.encoding).toBeUndefined();
    expect(plain.body.toString()).toBe(script('new content'));
  });
});

describe("the page's scripts named in its response's Link header", () => {
  const page = [
    '<!doctype html><html><head>',
    '<script type="module" async crossorigin src="./assets/boot-AbCdEf12.js"></script>',
    '<script type="module" crossorigin src="./assets/shell-AbCdEf12.js"></script>',
    '<link rel="modulepreload" crossorigin href="./assets/boot-AbCdEf12.js">',
    '<link rel="stylesheet" href="./assets/shell-AbCdEf12.css">',
    '<link rel="modulepreload" crossorigin href="./assets/charts-AbCdEf12.js" fetchpriority="low">',
    '<script type="module" src="https://cdn.example/x.js"></script>',
    '<script src="./assets/classic-AbCdEf12.js"></script>',
    '<link rel="icon" href="./favicon.svg">',
    '</head><body></body></html>',
  ].join('\n');
  const expected =
    '</assets/boot-AbCdEf12.js>; rel=modulepreload, </assets/shell-AbCdEf12.js>; rel=modulepreload, </assets/charts-AbCdEf12.js>; rel=modulepreload; fetchpriority=low';

  it('names the module scripts and module preloads, once each and in order, with their priority, not other links or scripts', () => {
    expect(pageLinksOf(page)).toBe(expected);
    expect(pageLinksOf('<!doctype html><title>no scripts</title><link rel="stylesheet" href="./a.css">')).toBeNull();
  });

  it('the page and its routes carry the header; the files they name do not', async () => {
    const pageDir = mkdtempSync(join(tmpdir(), 'onetap-static-links-'));
    mkdirSync(join(pageDir, 'assets'));
    writeFileSync(join(pageDir, 'index.html'), page);
    writeFileSync(join(pageDir, 'assets', 'shell-AbCdEf12.js'), 'export {};');
    const files = staticFiles(pageDir);
    const pageServer = createServer((req, res) => files.handle(req, res, new URL(req.url ?? '/', 'http://x').pathname));
    await new Promise<void>((r) => pageServer.listen(0, '127.0.0.1', r));
    const pageOrigin = `http://127.0.0.1:${(pageServer.address() as AddressInfo).port}`;
    try {
      const link = async (path: string): Promise<string | null> => (await fetch(`${pageOrigin}${path}`)).headers.get('link');
      expect(await link('/')).toBe(expected);
      expect(await link('/dashboard')).toBe(expected);
      expect(await link('/assets/shell-AbCdEf12.js')).toBeNull();
    } finally {
      await new Promise((r) => pageServer.close(r));
      rmSync(pageDir, { recursive: true, force: true });
    }
  });
});
