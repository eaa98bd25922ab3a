/**
 * Where a worker thread's entry lives: next to the bundle that runs the caller (out/main/<name>.js
 * from electron-vite, out/cli/<name>.mjs from scripts/build-cli.mjs, or one folder up when the
 * caller sits in a shared chunk), or the TypeScript source beside the caller, run through tsx
 * (vitest, `npm run bench`, the CLI from its sources). `base` is the caller's import.meta.url.
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

export type WorkerEntry = { kind: 'built'; url: URL } | { kind: 'source'; url: URL; code: string };

export function workerEntry(name: string, base: string, what: string): WorkerEntry {
  for (const rel of [`./${name}.mjs`, `./${name}.js`, `../${name}.mjs`, `../${name}.js`]) {
    const url = new URL(rel, base);
    if (url.protocol === 'file:' && existsSync(fileURLToPath(url))) return { kind: 'built', url };
  }
  const source = new URL(`./${name}.ts`, base);
  if (source.protocol === 'file:' && existsSync(fileURLToPath(source))) {
    // Node 20 applies neither `--import tsx` in a worker's execArgv nor ESM hooks registered inside a
    // worker: tsx's require hook is synchronous and per thread, so the source runs through it.
    const tsx = createRequire(base).resolve('tsx/cjs/api');
    const code = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(fileURLToPath(source))});`;
    return { kind: 'source', url: source, code };
  }
  throw new Error(`${what} is missing next to ${base} (run npm run build)`);
}
