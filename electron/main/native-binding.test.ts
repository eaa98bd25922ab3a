import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, sep } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import * as scriptLayout from '../../scripts/lib/native-layout.mjs';
import { fileURLToPath } from 'node:url';
import { BINDING_FILE, NATIVE_DIR, nativeBindingDir, outsideAsar, resolveNativeBinding, STAMP_FILE } from './native-binding';
import { openDatabase, setDefaultNativeBinding } from './services/db/open';

describe('Electron native binding', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'onetap-native-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  function writeBuild(stamp: Record<string, string>): string {
    const dir = nativeBindingDir(root, '45.4.1');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, BINDING_FILE), 'binary');
    writeFileSync(join(dir, STAMP_FILE), JSON.stringify(stamp));
    return join(dir, BINDING_FILE);
  }

  it('uses the same layout as scripts/electron-native.mjs', () => {
    expect([scriptLayout.NATIVE_DIR, scriptLayout.BINDING_FILE, scriptLayout.STAMP_FILE]).toEqual([NATIVE_DIR, BINDING_FILE, STAMP_FILE]);
    expect(scriptLayout.nativeBindingDir(root, '45.4.1')).toBe(nativeBindingDir(root, '45.4.1'));
  });

  it('finds a build stamped for this Electron and machine', () => {
    const path = writeBuild({ electron: '45.4.1', platform: 'linux', arch: 'x64', betterSqlite3: '12.6.2' });
    expect(resolveNativeBinding({ appPath: root, electronVersion: '45.4.1', platform: 'linux', arch: 'x64' })).toEqual({ ok: true, path });
  });

  it('explains how to fix a missing build', () => {
    const r = resolveNativeBinding({ appPath: root, electronVersion: '45.4.1' });
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problem).toMatch(/npm run native:electron/);
  });

  it('refuses a build for another Electron or machine', () => {
    writeBuild({ electron: '44.0.0', platform: 'linux', arch: 'x64' });
    expect(resolveNativeBinding({ appPath: root, electronVersion: '45.4.1', platform: 'linux', arch: 'x64' }).ok).toBe(false);
    writeBuild({ electron: '45.4.1', platform: 'darwin', arch: 'arm64' });
    expect(resolveNativeBinding({ appPath: root, electronVersion: '45.4.1', platform: 'linux', arch: 'x64' }).ok).toBe(false);
  });

  it('agrees with the script on what is fresh', () => {
    writeBuild({ electron: '45.4.1', platform: 'linux', arch: 'x64', betterSqlite3: '12.6.2' });
    const dir = nativeBindingDir(root, '45.4.1');
    expect(scriptLayout.stampProblem(dir, { electron: '45.4.1', platform: 'linux', arch: 'x64', betterSqlite3: '12.6.2' })).toBeNull();
    expect(scriptLayout.stampProblem(dir, { electron: '45.4.1', platform: 'linux', arch: 'x64', betterSqlite3: '12.7.0' })).toMatch(/betterSqlite3/);
  });

  it('loads from app.asar.unpacked in a packaged app', () => {
    const packed = ['', 'opt', 'onetap', 'resources', 'app.asar', '.native', 'electron-45.4.1', BINDING_FILE].join(sep);
    expect(outsideAsar(packed)).toBe(['', 'opt', 'onetap', 'resources', 'app.asar.unpacked', '.native', 'electron-45.4.1', BINDING_FILE].join(sep));
  });

  it('is used by every database the process opens once the shell sets it', () => {
    const nodeBuild = fileURLToPath(new URL('../../node_modules/better-sqlite3/build/Release/better_sqlite3.node', import.meta.url));
    try {
      setDefaultNativeBinding(join(root, 'missing', BINDING_FILE));
      expect(() => openDatabase(':memory:', { migrations: [] })).toThrow();
      // An explicit binding still wins over the process default.
      openDatabase(':memory:', { migrations: [], nativeBinding: nodeBuild }).close();
      setDefaultNativeBinding(nodeBuild);
      openDatabase(':memory:', { migrations: [] }).close();
    } finally {
      setDefaultNativeBinding(undefined);
    }
  });
});
