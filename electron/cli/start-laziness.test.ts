/**
 * `onetap` starts fast by loading only what the command it runs needs (issue 13): the command's
 * module, the called namespace's contract schemas (shared/contract/call-index.ts) and handler
 * module (services/lazy-handlers.ts). This builds the bundle as `npm run build` does into a
 * throwaway folder, runs real commands from it with a module-load probe, and maps every chunk
 * Node loaded back to the sources in it (esbuild's metafile): a static import that drags another
 * area in (say the contract's index, or the whole handler table) fails here, not in a timing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cliBuildOptions } from '../../scripts/lib/cli-build-options.mjs';
import { workspaceMigrations } from '../main/services/db/migrations';
import { openDatabase } from '../main/services/db/open';

const root = fileURLToPath(new URL('../..', import.meta.url));
const PROBE_TAG = 'onetap-laziness-probe ';
// Preloaded into the child: a loader hook that names every module Node loads (on stderr, tagged).
const hook = `export async function load(url, context, next) { process._rawDebug(${JSON.stringify(PROBE_TAG)} + url); return next(url, context); }`;
const probe = `data:text/javascript,${encodeURIComponent(
  `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hook)}`)});`,
)}`;

let dir = '';
let outdir = '';
let sourcesOf = new Map<string, string[]>();
/** zod's bytes in each chunk of the bundle. */
let zodBytesOf = new Map<string, number>();
/** zod's bytes when all of it is bundled, as a single `import { z } from 'zod'` bundles it (same options). */
let allOfZod = 0;

const zodBytes = (inputs: Record<string, { bytesInOutput: number }>): number =>
  Object.entries(inputs).reduce((sum, [input, { bytesInOutput }]) => sum + (input.startsWith('node_modules/zod/') ? bytesInOutput : 0), 0);

beforeAll(async () => {
  mkdirSync(join(root, 'out'), { recursive: true });
  dir = mkdtempSync(join(root, 'out', 'cli-laziness-'));
  // Inside the checkout, so the bundle's package imports resolve from its node_modules.
  outdir = join(dir, 'cli');
  const result = await build({ ...cliBuildOptions(root, relative(root, outdir)), sourcemap: false, logLevel: 'silent' });
  sourcesOf = new Map(Object.entries(result.metafile.outputs).map(([out, meta]) => [pathToFileURL(join(root, out)).href, Object.keys(meta.inputs)]));
  zodBytesOf = new Map(Object.entries(result.metafile.outputs).map(([out, meta]) => [pathToFileURL(join(root, out)).href, zodBytes(meta.inputs)]));
  const whole = await build({
    ...cliBuildOptions(root, relative(root, join(dir, 'whole-zod'))),
    entryPoints: undefined,
    stdin: { contents: "import { z } from 'zod'; console.log(z);", resolveDir: root, loader: 'ts' },
    splitting: false,
    outdir: undefined,
    outfile: relative(root, join(dir, 'whole-zod.mjs')),
    write: false,
    sourcemap: false,
    logLevel: 'silent',
  });
  allOfZod = Object.values(whole.metafile.outputs).reduce((sum, meta) => sum + zodBytes(meta.inputs), 0);
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** An empty workspace file at the current schema (made once). */
function workspaceFile(): string {
  const db = join(dir, 'workspace.sqlite');
  if (!existsSync(db)) openDatabase(db, { migrations: workspaceMigrations }).close();
  return db;
}

/** Runs `onetap ARGS` from the throwaway bundle; the sources of every chunk it loaded. */
function sourcesLoadedBy(args: string[]): string[] {
  return modulesLoadedBy(args).chunks.flatMap((u) => sourcesOf.get(u)!);
}

/** Runs `onetap ARGS` from the throwaway bundle; the bundle's chunks it loaded, and every module URL (packages and built-ins too). */
function modulesLoadedBy(args: string[]): { chunks: string[]; urls: string[] } {
  const entry = pathToFileURL(join(outdir, 'index.mjs')).href;
  const script = `const { main } = await import(${JSON.stringify(entry)}); process.exitCode = await main(${JSON.stringify(args)});`;
  const r = spawnSync(process.execPath, ['--import', probe, '--input-type=module', '-e', script], {
    cwd: root,
    env: { ...process.env, ONETAP_DATA_DIR: join(dir, 'data'), XDG_CONFIG_HOME: join(dir, 'config'), VITEST: undefined },
    encoding: 'utf8',
    timeout: 120_000,
  });
  const loaded = r.stderr
    .split('\n')
    .filter((l) => l.startsWith(PROBE_TAG))
    .map((l) => l.slice(PROBE_TAG.length));
  expect(
    r.status,
    r.stderr
      .split('\n')
      .filter((l) => !l.startsWith(PROBE_TAG))
      .join('\n'),
  ).toBe(0);
  const chunks = loaded.filter((u) => sourcesOf.has(u));
  expect(chunks.length).toBeGreaterThan(1);
  return { chunks, urls: loaded };
}

/** What opening a --db file needs of another area: the platform key pair that signs exports (file-workspace.ts). */
const WORKSPACE_FILE_NEEDS = ['export/signing-keys.ts', 'export/signing-keys-repo.ts', 'export/demo-secret.ts'];

/** The contract's call modules (shared/contract/call-index.ts) and the service areas of the handlers. */
const CONTRACT_MODULES = [
  'app',
  'settings',
  'workspaces',
  'sync',
  'records',
  'dashboard',
  'stats',
  'codes',
  'billing',
  'apps',
  'export',
  'alerts',
  'toolkit',
  'backup',
  'providers',
  'archive',
  'price-books',
].map((m) => `shared/contract/${m}.ts`);
const SERVICE_AREAS = [
  'records',
  'sync',
  'export',
  'alerts',
  'apps',
  'archive',
  'backup',
  'toolkit',
  'triage',
  'billing',
  'stats',
  'dashboard',
  'providers',
  'team-store',
];

/**
 * The command loaded no contract module but `contracts` (and what those import), and of the
 * services' areas only the files or folders in `services`; never the whole tables.
 */
function expectOnly(sources: string[], allowed: { contracts: string[]; services: string[] }): void {
  // The contract's index builds every schema, handlers.ts loads every area, boot.ts starts the platform and sync.
  expect(sources).not.toContain('shared/contract/index.ts');
  expect(sources).not.toContain('electron/main/services/handlers.ts');
  expect(sources).not.toContain('electron/main/services/boot.ts');
  const contracts = sources.filter((s) => CONTRACT_MODULES.includes(s));
  expect(contracts.sort()).toEqual(allowed.contracts.map((m) => `shared/contract/${m}.ts`).sort());
  const services = sources.filter((s) => SERVICE_AREAS.some((a) => s.startsWith(`electron/main/services/${a}/`)));
  const unexpected = services.filter((s) => !allowed.services.some((a) => s === `electron/main/services/${a}` || s.startsWith(`electron/main/services/${a}/`)));
  expect(unexpected).toEqual([]);
}

describe('onetap loads only what the command it runs needs (bundle, module-load probe)', () => {
  it('bill quote: the billing contract (its input check) and no service area', () => {
    const sources = sourcesLoadedBy(['bill', 'quote', '--calls', '1000000', '--json']);
    expect(sources).toContain('electron/cli/commands/bill.ts');
    // The billing contract's reconcileRecords answer is made of record items: they have a module of
    // their own (shared/contract/record-item.ts), so the records area's contract stays unloaded.
    expectOnly(sources, { contracts: ['billing'], services: [] });
  });

  it('bill quote --db: the billing contract and handlers, no records, sync, export or other area', () => {
    const sources = sourcesLoadedBy(['bill', 'quote', '--calls', '1000000', '--db', workspaceFile(), '--json']);
    expect(sources).toContain('electron/main/services/billing/handlers.ts');
    // The price book comes from the book catalogue, which reads the console's settings (settings.ts);
    // the records behind a reconciliation line are read with the records' query, and a month's
    // source may be a provider's daily statistics: those files are billing's too.
    expectOnly(sources, {
      contracts: ['billing', 'settings'],
      services: [
        'billing',
        'records/record-sql.ts',
        'records/records-query.ts',
        'records/record-item.ts',
        'providers/aliyun/statistics-sync.ts',
        ...WORKSPACE_FILE_NEEDS,
      ],
    });
  });

  it('records search --db: the records contract and handlers, no billing, sync, export or other area', () => {
    const sources = sourcesLoadedBy(['records', 'search', '--db', workspaceFile(), '--limit', '1', '--json']);
    expect(sources).toContain('electron/cli/commands/records.ts');
    expect(sources).toContain('electron/main/services/records/handlers.ts');
    // The search steps over archived ranges (archive/archives-repo.ts): that much of the archive area is its own.
    expectOnly(sources, { contracts: ['records'], services: ['records', 'archive/archives-repo.ts', ...WORKSPACE_FILE_NEEDS] });
  });

  it('records search --db: zod tree-shaken (well under all of it), commander from the bundle, not node_modules', () => {
    const { chunks, urls } = modulesLoadedBy(['records', 'search', '--db', workspaceFile(), '--limit', '1', '--json']);
    const loadedZod = chunks.reduce((sum, u) => sum + zodBytesOf.get(u)!, 0);
    // The schemas do use zod: some of it is there, but not the kinds the contract never names.
    expect(loadedZod).toBeGreaterThan(0);
    expect(allOfZod).toBeGreaterThan(0);
    // About half of zod today; all of it once one module imports { z }.
    expect(loadedZod / allOfZod).toBeLessThan(0.6);
    expect(urls.filter((u) => u.includes('/node_modules/commander/') || u.includes('/node_modules/zod/'))).toEqual([]);
    // The database driver stays a package (its native addon cannot be bundled).
    expect(urls.some((u) => u.includes('/node_modules/better-sqlite3/'))).toBe(true);
  });

  it('--help: commander bundled without child_process (it spawns only executable subcommands, which onetap has none of)', () => {
    const entry = pathToFileURL(join(outdir, 'index.mjs')).href;
    const script =
      `const { main } = await import(${JSON.stringify(entry)}); process.exitCode = await main(['--help']);` +
      "process.on('exit', () => process._rawDebug('builtins ' + JSON.stringify(process.moduleLoadList)));";
    const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], {
      cwd: root,
      env: { ...process.env, VITEST: undefined },
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toContain('Usage: onetap');
    const builtins = JSON.parse(
      r.stderr
        .split('\n')
        .find((l) => l.startsWith('builtins '))!
        .slice('builtins '.length),
    ) as string[];
    expect(builtins).toContain('NativeModule fs');
    expect(builtins).not.toContain('NativeModule child_process');
  });
});
