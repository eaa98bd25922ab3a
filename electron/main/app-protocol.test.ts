import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../web/security-headers';
import { APP_SCHEME_PRIVILEGES, appProtocolHandler } from './app-protocol';

vi.mock('electron', () => ({}));

describe('app:// protocol', () => {
  let root: string;
  let outside: string;
  let handle: (r: Request) => Promise<Response>;

  beforeAll(() => {
    const base = mkdtempSync(join(tmpdir(), 'onetap-proto-'));
    root = join(base, 'renderer');
    outside = base;
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), '<!doctype html><title>console</title>');
    writeFileSync(join(root, 'assets', 'app.js'), 'export const x = 1;');
    writeFileSync(join(base, 'secret.txt'), 'do not serve');
    handle = appProtocolHandler(root);
  });
  afterAll(() => rmSync(outside, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => handle(new Request(url, { method }));

  it('is registered as a standard, secure scheme that does not open CORS', () => {
    expect(APP_SCHEME_PRIVILEGES).toMatchObject({ scheme: 'app', privileges: { standard: true, secure: true } });
    expect(APP_SCHEME_PRIVILEGES.privileges?.corsEnabled).toBeFalsy();
  });

  it('serves renderer files with the CSP and the right type', async () => {
    const res = await get('app://onetap/assets/app.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await res.text()).toBe('export const x = 1;');
  });

  it('answers routes without a file with index.html (history-mode reloads)', async () => {
    const res = await get('app://onetap/billing/2026-11');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('<title>console</title>');
    expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('does not invent missing assets', async () => {
    expect((await get('app://onetap/assets/missing.js')).status).toBe(404);
  });

  it.each(['app://onetap/..%2fsecret.txt', 'app://onetap/%2e%2e/secret.txt', 'app://onetap/assets/..%2f..%2fsecret.txt'])(
    'never leaves the renderer folder (%s)',
    async (url) => {
      const res = await get(url);
      expect(await res.text()).not.toContain('do not serve');
    },
  );

  it('refuses other hosts and methods', async () => {
    expect((await get('app://other/index.html')).status).toBe(404);
    expect((await get('app://onetap/index.html', 'POST')).status).toBe(405);
  });
});
