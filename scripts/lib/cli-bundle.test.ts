/**
 * The bundle's staleness check (bin/onetap.mjs asks it on every start): a throwaway tree with a
 * bundle, its stamp and its sources, whose files are then changed, removed and the stamp broken.
 */
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CLI_BUNDLE, CLI_INPUTS, cliBundleStaleReason } from './cli-bundle.mjs';

let root = '';
// Whole seconds, so utimes sets exactly this time (a float of seconds can land a hair below it).
const startedAt = Math.floor(Date.now() / 1000) * 1000 - 60_000;
const inputs = ['electron/cli/index.ts', 'shared/a.ts', 'package.json'];

function put(rel: string, mtimeMs: number): void {
  mkdirSync(join(root, rel, '..'), { recursive: true });
  writeFileSync(join(root, rel), '//\n');
  utimesSync(join(root, rel), mtimeMs / 1000, mtimeMs / 1000);
}

beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'onetap-cli-bundle-'));
  for (const rel of inputs) put(rel, startedAt - 5_000);
  put(CLI_BUNDLE, startedAt + 1_000);
  writeFileSync(join(root, CLI_INPUTS), JSON.stringify({ startedAt, inputs }));
});

afterEach(() => rmSync(root, { recursive: true, force: true }));

describe('cliBundleStaleReason', () => {
  it('is null when no listed source changed since the build started, with or without a trailing separator', () => {
    expect(cliBundleStaleReason(root)).toBeNull();
    expect(cliBundleStaleReason(root + sep)).toBeNull();
  });

  it('names a source changed during or after the build', () => {
    put('shared/a.ts', startedAt);
    expect(cliBundleStaleReason(root)).toBe(`shared/a.ts changed since ${CLI_BUNDLE} was built`);
    put('shared/a.ts', startedAt + 30_000);
    expect(cliBundleStaleReason(root + sep)).toBe(`shared/a.ts changed since ${CLI_BUNDLE} was built`);
  });

  it('names a listed source that is gone', () => {
    rmSync(join(root, 'electron/cli/index.ts'));
    expect(cliBundleStaleReason(root)).toBe(`electron/cli/index.ts is gone since ${CLI_BUNDLE} was built`);
  });

  it('says why when the bundle or its stamp is missing or unreadable', () => {
    writeFileSync(join(root, CLI_INPUTS), '{');
    expect(cliBundleStaleReason(root)).toBe(`${CLI_INPUTS} is missing or unreadable`);
    rmSync(join(root, CLI_BUNDLE));
    expect(cliBundleStaleReason(root)).toBe(`${CLI_BUNDLE} is missing`);
  });

  it('trusts the bundle of an installed copy (under node_modules, no sources to compare with)', () => {
    const installed = join(root, 'node_modules', 'onetap-console');
    mkdirSync(join(installed, 'out', 'cli'), { recursive: true });
    writeFileSync(join(installed, CLI_BUNDLE), '');
    expect(cliBundleStaleReason(installed)).toBeNull();
  });
});
