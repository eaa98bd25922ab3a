/**
 * IP whitelist entries (seeds/002 "能力申请" Q&A: IPv4 and IPv6, up to 4000 characters, and "IP 段").
 * Accepted: a single address, a CIDR segment (10.0.0.0/24, 2001:db8::/32) and a from-to segment
 * written in full (10.0.0.1-10.0.0.99, same family, from ≤ to). Refused, each with its own reason
 * (`ipEntryProblem`): wildcards (10.0.0.*), dotted netmasks (10.0.0.0/255.255.255.0), ports,
 * IPv6 zone ids, host names, leading zeros, prefix lengths out of range, short or reversed
 * segments (10.0.0.1-99, 10.0.0.9-10.0.0.1) and mixed families. Parsed by hand rather than with `node:net` because the renderer's form runs
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

export type IpEntryKind = 'ipv4' | 'ipv6' | 'ipv4-cidr' | 'ipv6-cidr' | 'ipv4-range' | 'ipv6-range';

/** The 16 bytes of an IPv6 address (valid per isIPv6) as 32 hex digits, for ordering. */
function ipv6Hex(s: string): string {
  const halves = s.split('::');
  const groups = (part: string): string[] =>
    part === ''
      ? []
      : part.split(':').flatMap((g) => {
          if (!g.includes('.')) return [g];
          const [a, b, c, d] = g.split('.').map(Number) as [number, number, number, number];
          return [((a << 8) | b).toString(16), ((c << 8) | d).toString(16)];
        });
  const head = groups(halves[0]!);
  const tail = halves.length === 2 ? groups(halves[1]!) : [];
  const all = [...head, ...Array<string>(8 - head.length - tail.length).fill('0'), ...tail];
  return all
    .map((g) => g.padStart(4, '0'))
    .join('')
    .toLowerCase();
}

function ipv4Number(s: string): number {
  return s.split('.').reduce((n, p) => n * 256 + Number(p), 0);
}

/** Why an entry is refused; the issue code of its validation message is `ip` + the reason, capitalised. */
export type IpEntryProblem = 'wildcard' | 'mask' | 'port' | 'zone' | 'prefix' | 'range' | 'leadingZero' | 'entry';

/** The reason an entry is refused, or null when ipEntryKind accepts it. */
export function ipEntryProblem(entry: string): IpEntryProblem | null {
  if (ipEntryKind(entry) !== null) return null;
  if (entry.includes('*') || /(^|\.)x(\.|$)/i.test(entry)) return 'wildcard';
  if (entry.includes('%')) return 'zone';
  if (/^\[.*\](:\d+)?$/.test(entry) || /^\d{1,3}(\.\d{1,3}){3}:\d+$/.test(entry)) return 'port';
  const slash = entry.indexOf('/');
  if (slash >= 0) {
    const prefix = entry.slice(slash + 1);
    if (prefix.includes('.')) return 'mask';
    const addr = entry.slice(0, slash);
    if (isIPv4(addr) || isIPv6(addr)) return 'prefix';
  }
  if (entry.includes('-')) return 'range';
  if (/^\d{1,3}(\.\d{1,3}){3}$/.test(entry) && entry.split('.').some((p) => /^0\d/.test(p))) return 'leadingZero';
  return 'entry';
}

/** Classifies one whitelist entry, or null when it is not one of the accepted forms. */
export function ipEntryKind(entry: string): IpEntryKind | null {
  const dash = entry.indexOf('-');
  if (dash >= 0) {
    const from = entry.slice(0, dash);
    const to = entry.slice(dash + 1);
    if (isIPv4(from) && isIPv4(to)) return ipv4Number(from) <= ipv4Number(to) ? 'ipv4-range' : null;
    if (isIPv6(from) && isIPv6(to)) return ipv6Hex(from) <= ipv6Hex(to) ? 'ipv6-range' : null;
    return null;
  }
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

/** Whitelist text: like splitList, but "10.0.0.1 - 10.0.0.9" (blanks around the dash) stays one segment. */
export function splitIpList(text: string): string[] {
  return splitList(text.replace(/\s*-\s*/g, '-'));
}

/** The form's textarea takes one entry per line; commas, semicolons and blanks separate too. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,;，；]+/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
