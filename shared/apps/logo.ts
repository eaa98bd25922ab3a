/**
 * App logo (应用 logo): a PNG or JPEG carried as a base64 data URL inside the App JSON. The bytes
 * are checked by their signature, not by the declared type, so a renamed file is caught.
 */

/**
 * Decoded size limit: enough for an app icon, small enough to ride in every app version. Kept
 * under what the platform (emulator) accepts for the whole data URL (200,000 characters).
 */
export const LOGO_MAX_BYTES = 128 * 1024;

export type LogoProblem = 'logoFormat' | 'logoType' | 'logoSize';

const DATA_URL_RE = /^data:(image\/(?:png|jpeg|jpg));base64,([A-Za-z0-9+/]*={0,2})$/;

function sniff(bytes: Uint8Array): 'image/png' | 'image/jpeg' | null {
  const png = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
  if (bytes.length >= 8 && png.every((v, i) => bytes[i] === v)) return 'image/png';
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  return null;
}

/** Decoded size of a base64 payload, without decoding it. */
export function base64DecodedSize(b64: string): number {
  const pad = b64.endsWith('==') ? 2 : b64.endsWith('=') ? 1 : 0;
  return (b64.length / 4) * 3 - pad;
}

/** Checks a logo data URL; returns the problem or null when it is a PNG/JPEG within the limit. */
export function logoProblem(dataUrl: string, maxBytes = LOGO_MAX_BYTES): LogoProblem | null {
  const m = DATA_URL_RE.exec(dataUrl);
  if (!m || m[2]!.length % 4 !== 0 || m[2]!.length === 0) {
    return /^data:image\//.test(dataUrl) && !/^data:image\/(png|jpe?g);/.test(dataUrl) ? 'logoType' : 'logoFormat';
  }
  const b64 = m[2]!;
  if (base64DecodedSize(b64) > maxBytes) return 'logoSize';
  const head = atob(b64.slice(0, 16));
  const bytes = Uint8Array.from(head, (c) => c.charCodeAt(0));
  const kind = sniff(bytes);
  if (!kind) return 'logoType';
  return null;
}
