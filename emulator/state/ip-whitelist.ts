/**
 * The app's server IP whitelist (seed 002 §6: IPv4 and IPv6, address ranges, at most 4000
 * characters). Entries are single addresses or CIDR ranges; matching uses Node's own
 * net.BlockList rather than hand-written address arithmetic.
 */
import { BlockList, isIP } from 'node:net';

export const WHITELIST_MAX_CHARS = 4000;

/** Problem with one entry, or null when it is a valid address or CIDR range. */
export function whitelistEntryProblem(entry: string): string | null {
  if (entry !== entry.trim() || entry === '') return 'must be an IPv4/IPv6 address or CIDR range without spaces';
  const slash = entry.indexOf('/');
  const addr = slash < 0 ? entry : entry.slice(0, slash);
  const family = isIP(addr);
  if (family === 0) return `"${entry}" is not an IPv4/IPv6 address or CIDR range`;
  if (slash >= 0) {
    const prefix = entry.slice(slash + 1);
    const max = family === 4 ? 32 : 128;
    if (!/^\d{1,3}$/.test(prefix) || Number(prefix) > max) return `"${entry}" has a bad prefix length (0–${max})`;
  }
  return null;
}

/** Length as the platform counts it: the entries joined by commas. */
export function whitelistLength(entries: readonly string[]): number {
  return entries.reduce((n, e) => n + e.length, 0) + Math.max(0, entries.length - 1);
}

/** Normalises a socket address: IPv4-mapped IPv6 (::ffff:1.2.3.4) becomes plain IPv4. */
export function normaliseRemoteAddress(addr: string | undefined): string {
  if (!addr) return '';
  const m = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(addr);
  return m ? m[1]! : addr;
}

/** A compiled whitelist; build once per app version. */
export class IpWhitelist {
  private readonly list = new BlockList();

  constructor(entries: readonly string[]) {
    for (const e of entries) {
      if (whitelistEntryProblem(e) !== null) continue;
      const slash = e.indexOf('/');
      if (slash < 0) this.list.addAddress(e, isIP(e) === 6 ? 'ipv6' : 'ipv4');
      else {
        const addr = e.slice(0, slash);
        this.list.addSubnet(addr, Number(e.slice(slash + 1)), isIP(addr) === 6 ? 'ipv6' : 'ipv4');
      }
    }
  }

  allows(address: string): boolean {
    const a = normaliseRemoteAddress(address);
    const family = isIP(a);
    if (family === 0) return false;
    return this.list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  }
}
