/**
 * Compressed copies of the built renderer. The build writes `<file>.br` and `<file>.gz` beside each
 * text file at the highest settings (brotli 11, gzip 9: seconds of CPU for the whole build, paid
 * once); the browser host sends those copies as they are. A file without its copy (a build made
 * another way) is compressed at a fast setting on its first request: the host never makes a page
 * wait for the slow settings, which cost hundreds of milliseconds per large chunk on a busy machine.
 */
import { readdirSync, statSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants as zlibConstants, gzip } from 'node:zlib';

const brotli = promisify(brotliCompress);
const gz = promisify(gzip);

export type ContentEncoding = 'br' | 'gzip';

/** Text formats worth compressing; images and fonts are compressed already. */
const COMPRESSIBLE = new Set(['.html', '.js', '.mjs', '.css', '.json', '.map', '.svg', '.ico', '.txt']);
/** Under this size the headers cost more than the saving. */
export const MIN_COMPRESS_BYTES = 1024;

/** The name of a file's precompressed copy. */
export const SUFFIX: Record<ContentEncoding, string> = { br: '.br', gzip: '.gz' };

export function isCompressible(file: string, size: number): boolean {
  return COMPRESSIBLE.has(extname(file).toLowerCase()) && size >= MIN_COMPRESS_BYTES;
}

/** `best`: the build's settings (slow, smallest). `fast`: a request's fallback (milliseconds per MB). */
export function compress(raw: Buffer, enc: ContentEncoding, effort: 'best' | 'fast'): Promise<Buffer> {
  if (enc === 'gzip') return gz(raw, { level: effort === 'best' ? 9 : 6 });
  return brotli(raw, {
    params: {
      [zlibConstants.BROTLI_PARAM_QUALITY]: effort === 'best' ? 11 : 5,
      [zlibConstants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
}

function compressibleFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const f = join(dir, name);
    const st = statSync(f);
    if (st.isDirectory()) out.push(...compressibleFiles(f));
    else if (isCompressible(f, st.size)) out.push(f);
  }
  return out;
}

/** Writes the compressed copies of every text file under `dir` (the build's output). */
export async function precompressDir(dir: string): Promise<{ files: number; rawBytes: number; brBytes: number }> {
  const files = compressibleFiles(dir);
  let rawBytes = 0;
  let brBytes = 0;
  // zlib's work runs on libuv's threads: a few files at a time keeps the build's cores busy
  // without holding every large chunk's buffers at once.
  const queue = [...files];
  const worker = async (): Promise<void> => {
    for (let f = queue.shift(); f; f = queue.shift()) {
      const raw = await readFile(f);
      rawBytes += raw.length;
      for (const enc of ['br', 'gzip'] as const) {
        const body = await compress(raw, enc, 'best');
        if (enc === 'br') brBytes += body.length;
        writeFileSync(f + SUFFIX[enc], body);
      }
    }
  };
  await Promise.all([worker(), worker(), worker(), worker()]);
  return { files: files.length, rawBytes, brBytes };
}
