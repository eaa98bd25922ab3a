/**
 * Identifiers the emulated platform issues: app ids, AppIds, AppKeys, tokens, request ids.
 * Drawn from seeded streams with a counter, so a run that makes the same calls in the same
 * order issues the same identifiers (tests can pin them; a restarted demo looks the same).
 */
import { domainKey, Rng, WideId } from '../random/prng';

const HEX = Array.from({ length: 256 }, (_, i) => i.toString(16).padStart(2, '0'));
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** 8 lower-case hex characters of a 32-bit number. */
export function hex8(x: number): string {
  return HEX[x >>> 24]! + HEX[(x >>> 16) & 255]! + HEX[(x >>> 8) & 255]! + HEX[x & 255]!;
}

export class IdIssuer {
  private readonly rng: Rng;
  private counter = 0;
  private readonly appIds = new Set<string>();
  private readonly wide: WideId;

  constructor(seed: number, domain: string) {
    this.rng = new Rng(domainKey(seed, domain));
    this.wide = new WideId(seed, `${domain}.hex32`);
  }

  private next(): Rng {
    return this.rng.reset(this.counter++);
  }

  /** Internal app id, e.g. app_5f3c9a1e07b2. */
  appInternalId(): string {
    const r = this.next();
    return `app_${hex8(r.u32())}${hex8(r.u32()).slice(0, 4)}`;
  }

  /** A China-Mobile-style AppId (12 digits starting 3000), unique in this run. */
  appId(): string {
    const r = this.next();
    for (;;) {
      const id = `3000${String(r.int(100_000_000)).padStart(8, '0')}`;
      if (!this.appIds.has(id)) {
        this.appIds.add(id);
        return id;
      }
    }
  }

  /** A 32-character upper-case hex AppKey (the shared secret of the MD5/HMAC schemes). */
  appKey(): string {
    const r = this.next();
    return (hex8(r.u32()) + hex8(r.u32()) + hex8(r.u32()) + hex8(r.u32())).toUpperCase();
  }

  /** A token in the carriers' style: STsid + 16 digits + 32 letters/digits. */
  token(): string {
    const r = this.next();
    let digits = '';
    for (let i = 0; i < 16; i++) digits += String(r.int(10));
    let tail = '';
    for (let i = 0; i < 32; i++) tail += ALNUM[r.int(ALNUM.length)];
    return `STsid${digits}${tail}`;
  }

  /** 32 hex characters (trace ids, openIDs, record ids of live records). */
  hex32(): string {
    // 128 bits that never repeat in a run (one stream's 32-bit state would repeat by the birthday bound).
    return this.wide.words(this.counter++).map(hex8).join('');
  }

  /** Seeded 32-bit draws for the same counter step (e.g. picking a seeded app's details). */
  stream(): Rng {
    return this.next();
  }
}
