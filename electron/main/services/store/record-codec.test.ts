/**
 * The codec's fast encoders equal their definitions: a record id's blob is its eight hex digits and
 * then the latin1 bytes of its tail, in hex; a trace id is stored as bytes when it is whole bytes of
 * lowercase hex. Checked against those definitions written the plain way (a regex, a Buffer).
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../shared/random/mulberry32';
import { ipNumber, phoneNumber, recordIdBlobHex, traceBlobHex } from './record-codec';

function byDefinition(v: string): { recordId: string | null; trace: string | null } {
  const m = /^rec_([0-9a-f]{8})([0-9a-z]*)$/.exec(v);
  return {
    recordId: m ? m[1]! + Buffer.from(m[2]!, 'latin1').toString('hex') : null,
    trace: /^(?:[0-9a-f]{2})+$/.test(v) ? v : null,
  };
}

describe('record codec encoders', () => {
  it('encode record ids and trace ids as their definitions do', () => {
    const fixed = ['', 'rec_', 'rec_0123abc', 'rec_0123abcd', 'rec_0123abcdz9', 'rec_0123ABCD', 'rec_0123abcdXYZ', 'rec_0123abcd\n', 'rec_deadbeef-1'];
    const traces = ['', '0', 'ab', 'abc', 'ABCD', '00ff', 'zz', 'ab\n', 'ebaaec4a6de7dddae33b701ba04abea7'];
    const r = mulberry32(4242);
    const chars = '0123456789abcdefxyzA_-\n';
    const random = Array.from({ length: 5000 }, () => {
      let s = r() < 0.5 ? 'rec_' : '';
      const n = Math.floor(r() * 24);
      for (let j = 0; j < n; j++) s += chars[Math.floor(r() * (r() < 0.8 ? 16 : chars.length))];
      return s;
    });
    const all = [...fixed, ...traces, ...random];
    expect(all.filter((v) => recordIdBlobHex(v) !== null).length).toBeGreaterThan(500);
    expect(all.filter((v) => traceBlobHex(v) !== null).length).toBeGreaterThan(500);
    for (const v of all) expect({ recordId: recordIdBlobHex(v), trace: traceBlobHex(v) }, JSON.stringify(v)).toEqual(byDefinition(v));
  });

  it('encode masked phones and IPv4 addresses as their patterns say', () => {
    const phoneByPattern = (v: string): number | null => {
      const m = /^([1-9]\d{2})\*{4}(\d{4})$/.exec(v);
      return m ? Number(m[1]) * 10_000 + Number(m[2]) : null;
    };
    const octet = '(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';
    const ipv4 = new RegExp(`^${octet}\\.${octet}\\.${octet}\\.${octet}$`);
    const ipByPattern = (v: string): number | null => {
      const m = ipv4.exec(v);
      return m ? ((Number(m[1]) * 256 + Number(m[2])) * 256 + Number(m[3])) * 256 + Number(m[4]) - 2 ** 31 : null;
    };
    const r = mulberry32(77);
    const pick = (chars: string): string => chars[Math.floor(r() * chars.length)]!;
    const phones = ['138****0000', '038****0000', '138***00000', '138****000', '138****00000', '１38****0000', '138****000a', ''];
    for (let i = 0; i < 5000; i++) {
      let s = '';
      for (let j = 0; j < 11 + (r() < 0.1 ? Math.floor(r() * 3) - 1 : 0); j++)
        s += j >= 3 && j < 7 && r() < 0.95 ? '*' : pick(r() < 0.95 ? '0123456789' : '0123456789*a ');
      phones.push(s);
    }
    const ips = ['0.0.0.0', '255.255.255.255', '256.1.1.1', '01.1.1.1', '1.1.1', '1.1.1.1.', '1.1.1.1 ', '1..1.1', '1.1.1.1000', '199.249.250.255', ''];
    for (let i = 0; i < 5000; i++) {
      const parts = Array.from({ length: r() < 0.9 ? 4 : 3 + Math.floor(r() * 3) }, () => {
        const k = r();
        return k < 0.6
          ? String(Math.floor(r() * 256))
          : k < 0.8
            ? String(Math.floor(r() * 1000))
            : Array.from({ length: 1 + Math.floor(r() * 4) }, () => pick('0123456789x')).join('');
      });
      ips.push(parts.join(r() < 0.97 ? '.' : pick('.,:')));
    }
    expect(phones.filter((v) => phoneByPattern(v) !== null).length).toBeGreaterThan(1000);
    expect(ips.filter((v) => ipByPattern(v) !== null).length).toBeGreaterThan(1000);
    for (const v of phones) expect(phoneNumber(v), JSON.stringify(v)).toBe(phoneByPattern(v));
    for (const v of ips) expect(ipNumber(v), JSON.stringify(v)).toBe(ipByPattern(v));
    expect(phoneNumber(null)).toBeNull();
    expect(ipNumber(null)).toBeNull();
  });
});
