/**
 * IP whitelist entries (seeds/002 "能力申请" Q&A): IPv4 and IPv6 addresses and ranges ("IP 段",
 * written as CIDR). Parsed by hand rather than with `node:net` because the renderer's form runs
 * the same checks in the browser, where no such module exists.
 */

/** A dotted quad with decimal parts 0–255 and no leading zeros (010 is ambiguous: octal to some tools). */
export function isIPv4(s: string): boolean {
  const parts = s.split('.');
  if (parts.length !== 4) return false;
  return parts.every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

/**
 * RFC 4291 §2.2 text forms: eight groups of 1–4 hex digits, at most one "::" standing for one or
 * more zero groups, optionally ending in an embedded IPv4 address. Zone ids (fe80::1%eth0) are
 * host-local and mean nothing to a remote whitelist, so they are refused.
 */
export function isIPv6(s: string): boolean {
  if (s.length < 2 || s.length > 45 || !/^[0-9A-Fa-f:.]+$/.test(s)) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  const groupsOf = (part: string): string[] | null => (part === '' ? [] : part.split(':'));
  const head = groupsOf(halves[0]!);
  const tail = halves.length === 2 ? groupsOf(halves[1]!) : [];
  if (!head || !tail) return false;
  const all = [...head, ...tail];
  let count = 0;
  for (let i = 0; i < all.length; i++) {
    const g = all[i]!;
    const last = i === all.length - 1;
    if (last && g.includes('.')) {
      if (!isIPv4(g)) return false;
      count += 2;
    } else if (/^[0-9A-Fa-f]{1,4}$/.test(g)) {
      count += 1;
    } else {
      return false;
    }
  }
  return halves.length === 2 ? count < 8 : count === 8;
}

export type IpEntryKind = 'ipv4' | 'ipv6' | 'ipv4-cidr' | 'ipv6-cidr';

/** Classifies one whitelist entry, or null when it is neither an address nor a CIDR range. */
export function ipEntryKind(entry: string): IpEntryKind | null {
  const slash = entry.indexOf('/');
  if (slash < 0) return isIPv4(entry) ? 'ipv4' : isIPv6(entry) ? 'ipv6' : null;
  const addr = entry.slice(0, slash);
  const prefix = entry.slice(slash + 1);
  if (!/^(0|[1-9]\d{0,2})$/.test(prefix)) return null;
  const bits = Number(prefix);
  if (isIPv4(addr)) return bits <= 32 ? 'ipv4-cidr' : null;
  if (isIPv6(addr)) return bits <= 128 ? 'ipv6-cidr' : null;
  return null;
}

/** The form's textarea takes one entry per line; commas, semicolons and blanks separate too. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;，；]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
