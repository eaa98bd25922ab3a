/**
 * The packaging configuration (electron-builder.yml), checked against electron-builder's own
 * schema and for the security settings the desktop app depends on: the fuses above all.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(fileURLToPath(new URL('../../electron-builder.yml', import.meta.url)), 'utf8')) as Record<string, unknown>;
const schema = require('app-builder-lib/scheme.json') as {
  definitions: Record<string, { properties?: Record<string, unknown> }>;
  properties: Record<string, unknown>;
};

describe('packaging: Electron fuses', () => {
  it('turns off RunAsNode, NODE_OPTIONS and --inspect; turns on cookie encryption, asar integrity and asar-only loading', () => {
    expect(config.electronFuses).toEqual({
      runAsNode: false,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      loadBrowserProcessSpecificV8Snapshot: false,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('uses only fuse names the installed electron-builder knows (a typo would be silently ignored)', () => {
    expect(schema.properties).toHaveProperty('electronFuses');
    const known = Object.keys(schema.definitions.FuseOptionsV1!.properties ?? {});
    for (const key of Object.keys(config.electronFuses as object)) expect(known).toContain(key);
  });

  it('packs the app into an asar archive (the integrity fuse needs one)', () => {
    expect(config.asar).toBe(true);
  });
});
