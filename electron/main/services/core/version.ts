import { readFileSync } from 'node:fs';

let cached: string | null = null;

/** The version in package.json, found by walking up from this module (works in src and in out/). */
export function appVersion(): string {
  if (cached) return cached;
  let dir = new URL('.', import.meta.url);
  for (let i = 0; i < 8; i++) {
    try {
      const pkg = JSON.parse(readFileSync(new URL('package.json', dir), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'onetap-console' && pkg.version) return (cached = pkg.version);
    } catch {
      // keep walking up
    }
    dir = new URL('..', dir);
  }
  return (cached = '0.0.0');
}
