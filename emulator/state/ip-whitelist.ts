/**
 * The app's server IP whitelist as the gateway matches it (seed 002 §6: IPv4 and IPv6 and "IP
 * 段"). Which entries are valid is decided once, in shared/apps/ip.ts (the console's form and the
 * emulator's app validation use the same code); matching uses Node's own net.BlockList (addresses,
 * CIDR subnets, from-to ranges) rather than hand-written address arithmetic.
 */
import { BlockList, isIP } from 'node:net';
import { ipEntryKind } from '../../shared/apps/ip';

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
      const kind = ipEntryKind(e);
      if (kind === null) continue;
      const family = kind.startsWith('ipv6') ? 'ipv6' : 'ipv4';
      if (kind === 'ipv4-range' || kind === 'ipv6-range') {
        const [from, to] = e.split('-') as [string, string];
        this.list.addRange(from, to, family);
      } else if (kind === 'ipv4-cidr' || kind === 'ipv6-cidr') {
        const slash = e.indexOf('/');
        this.list.addSubnet(e.slice(0, slash), Number(e.slice(slash + 1)), family);
      } else this.list.addAddress(e, family);
    }
  }

  allows(address: string): boolean {
    const a = normaliseRemoteAddress(address);
    const family = isIP(a);
    if (family === 0) return false;
    return this.list.check(a, family === 6 ? 'ipv6' : 'ipv4');
  }
}
