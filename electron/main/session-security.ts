/**
 * Session-wide guards for the console window: the CSP (and the other security headers the
 * browser host sends) on every response — app:// responses carry them already, this covers
 * the dev server — and no web permissions (camera, geolocation, notifications, …) except
 * writing to the clipboard from our own page ("copy" buttons); desktop notifications come
 * from the main process.
 */
import type { OnHeadersReceivedListenerDetails, Session } from 'electron';
import { SECURITY_HEADERS } from '../web/security-headers';
import type { TrustedOrigins } from './trusted-origin';

type Headers = Record<string, string[]>;

/** Response headers with ours replacing any same-named header, whatever its case. */
export function withSecurityHeaders(headers: Headers | undefined): Headers {
  const ours = new Set(Object.keys(SECURITY_HEADERS).map((k) => k.toLowerCase()));
  const out: Headers = {};
  for (const [k, v] of Object.entries(headers ?? {})) if (!ours.has(k.toLowerCase())) out[k] = v;
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) out[k] = [v];
  return out;
}

export type GuardedSession = Pick<Session, 'setPermissionRequestHandler' | 'setPermissionCheckHandler'> & {
  webRequest: Pick<Session['webRequest'], 'onHeadersReceived'>;
};

/** The only permission the page gets, and only on our origin. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

export function hardenSession(ses: GuardedSession, origins: Pick<TrustedOrigins, 'isTrusted'>): void {
  ses.webRequest.onHeadersReceived((details: OnHeadersReceivedListenerDetails, callback) => {
    callback({ responseHeaders: withSecurityHeaders(details.responseHeaders) });
  });
  ses.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(ALLOWED_PERMISSIONS.has(permission) && origins.isTrusted(details.requestingUrl));
  });
  ses.setPermissionCheckHandler((_contents, permission, requestingOrigin) => ALLOWED_PERMISSIONS.has(permission) && origins.isTrusted(requestingOrigin));
}
