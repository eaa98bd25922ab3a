/**
 * Which pages are ours. The built renderer is served from `app://onetap/` (see app-protocol.ts)
 * rather than file://, so it has an origin of its own that no local file or web page shares.
 * In development the electron-vite dev server URL is trusted too — only when the app is not
 * packaged, so an environment variable can never point a shipped app at another site.
 */
export const APP_SCHEME = 'app';
export const APP_HOST = 'onetap';
export const APP_ENTRY_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

export interface TrustedOrigins {
  /** The URL the window loads. */
  entryUrl: string;
  /** True when `url` belongs to the app (same scheme, host and port). */
  isTrusted(url: string): boolean;
}

function key(url: string): string | null {
  try {
    const u = new URL(url);
    // Custom schemes have an opaque origin ("null") in WHATWG URL, so compare scheme + host.
    return u.host ? `${u.protocol}//${u.host.toLowerCase()}` : null;
  } catch {
    return null;
  }
}

export function trustedOrigins(opts: { devServerUrl?: string | undefined; isPackaged: boolean }): TrustedOrigins {
  const allowed = new Set<string>([`${APP_SCHEME}://${APP_HOST}`]);
  let entryUrl = APP_ENTRY_URL;
  if (opts.devServerUrl && !opts.isPackaged) {
    const dev = key(opts.devServerUrl);
    if (dev && /^https?:\/\//.test(dev)) {
      allowed.add(dev);
      entryUrl = opts.devServerUrl;
    }
  }
  return {
    entryUrl,
    isTrusted(url: string): boolean {
      const k = key(url);
      return k !== null && allowed.has(k);
    },
  };
}
