/**
 * The one way out of the app to the user's browser or mail client. Everything that wants to
 * open a link (window.open, a clicked link, a menu item) comes through here: only https: and
 * plain mailto: URLs, no credentials, bounded length — anything else is refused and logged.
 */
import * as z from 'zod';

export const MAX_EXTERNAL_URL_LENGTH = 2048;

const urlText = z.string().min(1).max(MAX_EXTERNAL_URL_LENGTH);
const mailAddress = z.email();

/** The URL to open, or null when it must not leave the app. */
export function checkExternalUrl(raw: unknown): URL | null {
  const text = urlText.safeParse(raw);
  if (!text.success) return null;
  let url: URL;
  try {
    url = new URL(text.data);
  } catch {
    return null;
  }
  if (url.protocol === 'https:') {
    if (!url.hostname || url.username || url.password) return null;
    return url;
  }
  if (url.protocol === 'mailto:') {
    // A bare address only: mailto: query parameters can attach files or inject headers in some clients.
    if (url.search || url.hash) return null;
    const to = decodeURIComponent(url.pathname);
    return mailAddress.safeParse(to).success ? url : null;
  }
  return null;
}

function describeScheme(raw: unknown): string {
  if (typeof raw !== 'string') return typeof raw;
  const m = /^([a-z][a-z0-9+.-]{0,20}):/i.exec(raw);
  return m ? `${m[1]!.toLowerCase()}:` : 'not a URL';
}

export interface Shell {
  openExternal(url: string): Promise<void>;
}

export type ExternalOpener = (url: unknown) => Promise<boolean>;

export function createExternalOpener(shell: Shell, log: (message: string) => void = (m) => console.warn(m)): ExternalOpener {
  return async (raw) => {
    const url = checkExternalUrl(raw);
    if (!url) {
      // Log the scheme only: a refused URL may carry a token in its query.
      log(`refused to open an external link (${describeScheme(raw)})`);
      return false;
    }
    try {
      await shell.openExternal(url.href);
      return true;
    } catch (e) {
      log(`could not open ${url.origin}: ${e instanceof Error ? e.message : String(e)}`);
      return false;
    }
  };
}
