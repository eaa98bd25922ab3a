import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { platformErrorStatus } from './server/errors';
import { routes } from './server/management';

// Table cells are padded by the formatter; the checks read them with single spaces.
const doc = readFileSync(new URL('./API.md', import.meta.url), 'utf8')
  .split('\n')
  .map((line) => (line.startsWith('|') ? line.replace(/ {2,}\|/g, ' |').replace(/\| {2,}/g, '| ') : line))
  .join('\n');

function section(title: string): string {
  const start = doc.indexOf(title);
  expect(start, title).toBeGreaterThanOrEqual(0);
  const next = doc.indexOf('\n### ', start + title.length);
  return doc.slice(start, next < 0 ? undefined : next);
}

describe('emulator/API.md matches what the emulator serves', () => {
  it('documents every error code with its status, and no others', () => {
    const rows = [...section('### Errors').matchAll(/^\| (\d{3}) \| `([^`]+)` \|/gm)].map((m) => [m[2], Number(m[1])]);
    expect(Object.fromEntries(rows)).toEqual({ ...platformErrorStatus });
  });

  it('documents every management endpoint with the roles that may call it', () => {
    const documented = new Map<string, string[]>();
    const roleCols = ['admin', 'finance', 'auditor', 'reviewer'];
    for (const line of section('### Roles').split('\n')) {
      const cells = line
        .split('|')
        .slice(1, -1)
        .map((c) => c.trim());
      if (cells.length !== 5 || !cells[0]!.includes('/v1/')) continue;
      const allowed = roleCols.filter((_, i) => cells[i + 1] === '✓');
      let method = '';
      for (const m of cells[0]!.matchAll(/`(?:(GET|POST|PATCH|DELETE) )?(\/v1\/[^`]*)`/g)) {
        method = m[1] ?? method;
        documented.set(`${method} ${m[2]}`, allowed);
      }
    }
    const served = new Map(routes.map((r) => [`${r.method} ${r.path}`, [...r.roles].sort()]));
    expect(new Map([...documented].map(([k, v]) => [k, [...v].sort()]))).toEqual(served);
    for (const r of routes) expect(doc).toContain(`${r.method} ${r.path}`);
  });

  it('documents the flags of the CLI', async () => {
    const { LIMITS, DEFAULTS } = await import('./options');
    for (const name of ['port', 'host', 'seed', 'start', 'days', 'daily', 'apps', 'rate', 'faults', 'drift']) expect(doc).toContain(`| \`--${name}\` |`);
    for (const name of ['days', 'daily', 'apps', 'rate', 'drift'] as const) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`--${name}\` |`))!;
      expect(row).toContain(`${LIMITS[name].min}–${LIMITS[name].max}`);
      expect(row.replace(/,/g, '')).toContain(`| ${DEFAULTS[name]} |`);
    }
  });
});
