import { describe, expect, it, vi } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../web/security-headers';
import { hardenSession, withSecurityHeaders, type GuardedSession } from './session-security';
import { trustedOrigins } from './trusted-origin';

vi.mock('electron', () => ({}));

describe('session security', () => {
  it('puts our CSP on every response, replacing one the server sent in any letter case', () => {
    const out = withSecurityHeaders({ 'content-security-policy': ['default-src *'], 'Content-Type': ['text/html'] });
    expect(out['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);
    expect(out['content-security-policy']).toBeUndefined();
    expect(out['Content-Type']).toEqual(['text/html']);
    expect(out['X-Content-Type-Options']).toEqual(['nosniff']);
  });

  it('installs the header hook and denies web permissions, except clipboard writes from our page', () => {
    let onHeaders:
      ((details: { responseHeaders?: Record<string, string[]> }, cb: (r: { responseHeaders: Record<string, string[]> }) => void) => void) | undefined;
    let onRequest: ((wc: unknown, permission: string, cb: (granted: boolean) => void, details: { requestingUrl: string }) => void) | undefined;
    let onCheck: ((wc: unknown, permission: string, origin: string) => boolean) | undefined;
    const ses = {
      webRequest: { onHeadersReceived: (fn: typeof onHeaders) => (onHeaders = fn) },
      setPermissionRequestHandler: (fn: typeof onRequest) => (onRequest = fn),
      setPermissionCheckHandler: (fn: typeof onCheck) => (onCheck = fn),
    } as unknown as GuardedSession;
    hardenSession(ses, trustedOrigins({ isPackaged: true }));

    const cb = vi.fn();
    onHeaders!({ responseHeaders: { 'Content-Type': ['text/html'] } }, cb);
    expect(cb.mock.calls[0]![0].responseHeaders['Content-Security-Policy']).toEqual([CONTENT_SECURITY_POLICY]);

    const ask = (permission: string, url: string) => {
      const granted = vi.fn();
      onRequest!({}, permission, granted, { requestingUrl: url });
      return granted.mock.calls[0]![0] as boolean;
    };
    for (const permission of ['media', 'geolocation', 'notifications', 'clipboard-read', 'openExternal', 'fullscreen']) {
      expect(ask(permission, 'app://onetap/index.html'), permission).toBe(false);
      expect(onCheck!({}, permission, 'app://onetap'), permission).toBe(false);
    }
    expect(ask('clipboard-sanitized-write', 'app://onetap/index.html')).toBe(true);
    expect(ask('clipboard-sanitized-write', 'https://evil.example/')).toBe(false);
    expect(onCheck!({}, 'clipboard-sanitized-write', 'app://onetap')).toBe(true);
    expect(onCheck!({}, 'clipboard-sanitized-write', 'https://evil.example')).toBe(false);
  });
});
