/**
 * The codec's fast encoders equal their definitions: a record id's blob is its eight hex digits and
 * then the latin1 bytes of its tail, in hex; a trace id is stored as bytes when it is whole bytes of
 * lowercase hex. Checked against those definitions written the plain way (a regex, a Buffer).
 */
import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../../../../shared/random/mulberry32';
import { recordIdBlobHex, traceBlobHex } from './record-codec';

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
});
