import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { electronBinary, electronUnavailableReason, electronVersion } from './electron-binary.mjs';
import { staleBuildReason } from './build-freshness.mjs';

describe('Electron binary detection (no download)', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'onetap-bin-'));
    mkdirSync(join(root, 'node_modules', 'electron'), { recursive: true });
    writeFileSync(join(root, 'node_modules', 'electron', 'package.json'), JSON.stringify({ version: '45.4.1' }));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const display = { DISPLAY: ':0' };

  it('reports no binary when the package was installed without its download', () => {
    expect(electronVersion(root)).toBe('45.4.1');
    expect(electronBinary(root, {})).toBeNull();
    expect(electronUnavailableReason(root, display, 'linux')).toMatch(/Electron binary not available on this machine/);
  });

  it('finds the downloaded binary through path.txt', () => {
    writeFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
    expect(electronBinary(root, {})).toBeNull(); // path.txt without dist/ is not enough
    mkdirSync(join(root, 'node_modules', 'electron', 'dist'));
    writeFileSync(join(root, 'node_modules', 'electron', 'dist', 'electron'), '');
    expect(electronBinary(root, {})).toBe(join(root, 'node_modules', 'electron', 'dist', 'electron'));
    expect(electronUnavailableReason(root, display, 'linux')).toBeNull();
  });

  it('honours ELECTRON_OVERRIDE_DIST_PATH like the electron package does', () => {
    const dist = join(root, 'custom');
    mkdirSync(dist);
    writeFileSync(join(dist, 'electron'), '');
    expect(electronBinary(root, { ELECTRON_OVERRIDE_DIST_PATH: dist })).toBe(join(dist, 'electron'));
  });

  it('falls back to the browser without a display on Linux, or when asked to', () => {
    writeFileSync(join(root, 'node_modules', 'electron', 'path.txt'), 'electron');
    mkdirSync(join(root, 'node_modules', 'electron', 'dist'));
    writeFileSync(join(root, 'node_modules', 'electron', 'dist', 'electron'), '');
    expect(electronUnavailableReason(root, {}, 'linux')).toMatch(/no display/);
    expect(electronUnavailableReason(root, {}, 'win32')).toBeNull();
    expect(electronUnavailableReason(root, { ...display, ONETAP_BROWSER: '1' }, 'linux')).toMatch(/ONETAP_BROWSER/);
  });
});

describe('build freshness', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'onetap-fresh-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function file(rel: string, mtimeSec: number): void {
    const p = join(root, rel);
    mkdirSync(join(p, '..'), { recursive: true });
    writeFileSync(p, '');
    utimesSync(p, mtimeSec, mtimeSec);
  }

  it('wants a build when an output is missing, or a source is newer than the outputs', () => {
    file('renderer/main.ts', 1000);
    expect(staleBuildReason(root)).toMatch(/missing/);
    for (const o of ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html']) file(o, 2000);
    expect(staleBuildReason(root)).toBeNull();
    file('electron/main/window.test.ts', 3000); // tests are not part of the build
    expect(staleBuildReason(root)).toBeNull();
    file('shared/contract/index.ts', 3000);
    expect(staleBuildReason(root)).toMatch(/shared changed/);
  });
});
