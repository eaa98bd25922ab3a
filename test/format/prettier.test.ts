/**
 * The formatter check (`npm run format:check`, i.e. `prettier --check .` with the project's
 * .prettierrc.json and .prettierignore) refuses a planted misformatted file, and passes it once
 * formatted. The planted file lives in test/fixtures/format, which the check itself ignores.
 */
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as prettier from 'prettier';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PLANTED = join(ROOT, 'test/fixtures/format/misformatted.ts.fixture');
const PRETTIER_BIN = join(ROOT, 'node_modules/prettier/bin/prettier.cjs');

const work = mkdtempSync(join(tmpdir(), 'onetap-format-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function check(file: string) {
  return spawnSync(process.execPath, [PRETTIER_BIN, '--check', '--config', join(ROOT, '.prettierrc.json'), file], { encoding: 'utf8', timeout: 60_000 });
}

describe('formatter check', () => {
  it('fails on the planted misformatted file and passes once it is formatted', async () => {
    const file = join(work, 'planted.ts');
    copyFileSync(PLANTED, file);
    const bad = check(file);
    expect(bad.status).toBe(1);
    expect(bad.stdout + bad.stderr).toMatch(/planted\.ts/);

    const options = (await prettier.resolveConfig(join(ROOT, 'electron/main/index.ts'))) ?? {};
    expect(options).toMatchObject({ singleQuote: true, semi: true });
    const formatted = await prettier.format(readFileSync(file, 'utf8'), { ...options, filepath: file });
    expect(formatted).toContain("const planted = { double: 'quotes', missing: 'semicolon' };");
    writeFileSync(file, formatted);
    expect(check(file).status).toBe(0);
  });

  it('the project check ignores the planted files and build output, not the sources', async () => {
    const ignorePath = join(ROOT, '.prettierignore');
    const info = (p: string) => prettier.getFileInfo(join(ROOT, p), { ignorePath });
    expect((await info('test/fixtures/format/misformatted.ts.fixture')).ignored).toBe(true);
    expect((await info('out/main/index.js')).ignored).toBe(true);
    expect((await info('electron/main/index.ts')).ignored).toBe(false);
  });
});
