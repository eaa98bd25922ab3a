/**
 * The CommonJS bundle's code cache (bin/onetap.mjs): a throwaway tree with a small bundle, run
 * through loadCliCjs as a start would, then rebuilt, with its cache spoiled, and so on.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_CJS, CLI_CODE_CACHE_DIR, codeCacheName, loadCliCjs } from './cli-code-cache.mjs';

let root = '';

/** A bundle whose main answers with its argv's length plus `offset`, or (`where`) how it was loaded. */
function writeBundle(offset: number, mtimeMs: number): void {
  const file = join(root, CLI_CJS);
  mkdirSync(join(file, '..'), { recursive: true });
  writeFileSync(
    file,
    `const path = require('node:path');
function strict() { return this === undefined; }
exports.main = async (argv) =>
  argv[0] === 'where' ? { file: path.basename(__filename), dir: path.basename(__dirname), strict: strict(), exports: Object.keys(module.exports) } : argv.length + ${offset};
`,
  );
  utimesSync(file, mtimeMs / 1000, mtimeMs / 1000);
}

/**
 * One start in a fresh Node, as bin/onetap.mjs does it: load, run, keep the code. A fresh process
 * because V8 also keeps compiled code in memory, which would hide whether the cache was used.
 */
function start(argv: string[]): { cache: string; code: number } {
  const lib = new URL('./cli-code-cache.mjs', import.meta.url).href;
  const script = `import { loadCliCjs } from ${JSON.stringify(lib)};
const l = loadCliCjs(${JSON.stringify(root)}, ${JSON.stringify(argv)});
const code = await l.main(${JSON.stringify(argv)});
l.keep();
console.log(JSON.stringify({ cache: l.cache, code }));`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60_000 });
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as { cache: string; code: number };
}

const caches = (): string[] => (existsSync(join(root, CLI_CODE_CACHE_DIR)) ? readdirSync(join(root, CLI_CODE_CACHE_DIR)).sort() : []);

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'onetap-cli-code-cache-'));
  writeBundle(10, Date.now() - 60_000);
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('codeCacheName', () => {
  it('names the command and subcommand a line runs, and help apart', () => {
    expect(codeCacheName([])).toBe('-');
    expect(codeCacheName(['--help'])).toBe('-+help');
    expect(codeCacheName(['records', 'search', '--db', 'F', '--json'])).toBe('records-search');
    expect(codeCacheName(['records', 'search', '--help'])).toBe('records-search+help');
    expect(codeCacheName(['help', 'records'])).toBe('help-records+help');
    expect(codeCacheName(['bill', 'quote', '--calls', '1'])).toBe('bill-quote');
    // A value is not a subcommand: `triage 103101` is the triage command's.
    expect(codeCacheName(['triage', '103101'])).toBe('triage');
    // Not a command's shape: no cache (a typo or a path would otherwise leave one behind).
    expect(codeCacheName(['Records'])).toBeNull();
    expect(codeCacheName(['../x'])).toBeNull();
  });
});

describe('loadCliCjs', () => {
  it('runs the bundle as a strict CommonJS module, with its own __filename, __dirname and require', async () => {
    const loaded = loadCliCjs(root, ['bill', 'quote']);
    expect(await loaded.main(['a', 'b'])).toBe(12);
    expect(await loaded.main(['where'])).toEqual({ file: 'onetap.cjs', dir: 'cli', strict: true, exports: ['main'] });
  });

  it('reads a bundle that is not ASCII as UTF-8 (the build escapes it, but a file may come from elsewhere)', async () => {
    writeFileSync(join(root, CLI_CJS), "exports.main = async (argv) => (argv[0] === '登录' ? /登录|注册/.test('注册') : '登录'.length);\n");
    const loaded = loadCliCjs(root, ['bill']);
    expect(await loaded.main(['登录'])).toBe(true);
    expect(await loaded.main([])).toBe(2);
  });

  it('writes the cache of a command once, then starts from it', () => {
    expect(start(['bill', 'quote'])).toEqual({ cache: 'none', code: 12 });
    expect(caches()).toHaveLength(1);
    expect(caches()[0]).toMatch(/-bill-quote\.bin$/);
    expect(start(['bill', 'quote', '--json'])).toEqual({ cache: 'used', code: 13 });
    expect(caches()).toHaveLength(1);
    // Another command has a cache of its own.
    expect(start(['records', 'search'])).toEqual({ cache: 'none', code: 12 });
    expect(caches()).toHaveLength(2);
  });

  it('does not use the cache of an earlier build, even of the same length', () => {
    start(['bill', 'quote']);
    writeBundle(20, Date.now() - 30_000);
    expect(start(['bill', 'quote'])).toEqual({ cache: 'none', code: 22 });
  });

  it('replaces a cache V8 rejects (another Node, a spoiled file)', () => {
    start(['bill', 'quote']);
    const [name] = caches();
    writeFileSync(join(root, CLI_CODE_CACHE_DIR, name!), 'not a code cache');
    expect(start(['bill', 'quote'])).toEqual({ cache: 'rejected', code: 12 });
    expect(start(['bill', 'quote'])).toEqual({ cache: 'used', code: 12 });
  });

  it('runs uncached when the line is not a command, or the cache cannot be written', async () => {
    const typo = loadCliCjs(root, ['Bill']);
    typo.keep();
    expect(caches()).toEqual([]);
    writeFileSync(join(root, CLI_CODE_CACHE_DIR), 'a file where the folder would go');
    const unwritable = loadCliCjs(root, ['bill', 'quote']);
    expect(() => unwritable.keep()).not.toThrow();
    expect(await unwritable.main([])).toBe(10);
  });
});
