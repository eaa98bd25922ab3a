/**
 * A heavy CommonJS package loaded on first use instead of at start-up. exceljs, pdfkit + fontkit
 * and the Alibaba Cloud SDK cost some 1.5 s of CPU to load together; most commands and most app
 * sessions never touch them, so `onetap --help` or a search should not pay for them. Synchronous
 * (require through createRequire), so call sites stay as they were; types come from `import type`.
 */
import { createRequire } from 'node:module';

const requireHere = createRequire(import.meta.url);

export function lazyModule<T>(specifier: string): () => T {
  let loaded: T | undefined;
  return () => (loaded ??= requireHere(specifier) as T);
}
