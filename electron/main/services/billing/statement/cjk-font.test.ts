import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { fontBytes, fontFileFor, fontRuns, parseUnicodeRange, runWidthEm, woffToSfnt } from './cjk-font';

describe('statement font', () => {
  it('reads CSS unicode ranges', () => {
    expect(parseUnicodeRange('U+4e00-4e1f,U+20, U+1f1e9-1f1f5')).toEqual([
      [0x4e00, 0x4e1f],
      [0x20, 0x20],
      [0x1f1e9, 0x1f1f5],
    ]);
  });

  it('draws common Chinese and Latin from one file, and a rare character from the slice that has it', () => {
    const primary = fontFileFor('账'.codePointAt(0)!, 400);
    expect(primary).toMatch(/chinese-simplified-400-normal\.woff$/);
    expect(fontFileFor('A'.codePointAt(0)!, 400)).toBe(primary);
    // 㐴 (CJK extension A) is not among the simplified-Chinese file's characters; a numbered slice carries it.
    const rare = fontFileFor(0x3434, 400);
    expect(rare).not.toBe(primary);
    expect(rare).toMatch(/noto-sans-sc-\d+-400-normal\.woff$/);
    expect(fontRuns('账单㐴A', 400).map((r) => r.text)).toEqual(['账单', '㐴', 'A']);
    expect(fontFileFor('账'.codePointAt(0)!, 700)).toMatch(/chinese-simplified-700-normal\.woff$/);
  });

  it('unpacks WOFF to the plain font it wraps', () => {
    const file = fontFileFor('账'.codePointAt(0)!, 400);
    const woff = readFileSync(file);
    const sfnt = woffToSfnt(woff);
    expect(sfnt.readUInt32BE(0)).toBe(woff.readUInt32BE(4)); // the flavour (TrueType) leads the font
    expect(sfnt.readUInt16BE(4)).toBe(woff.readUInt16BE(12)); // same number of tables
    expect(sfnt.length).toBe(woff.readUInt32BE(16)); // WOFF's header records the unpacked size
    expect(fontBytes(file).equals(sfnt)).toBe(true);
    // A full-width character is one em wide, a Latin letter narrower.
    expect(runWidthEm({ file, text: '账' })).toBeCloseTo(1, 2);
    expect(runWidthEm({ file, text: 'i' })).toBeLessThan(0.5);
    expect(() => woffToSfnt(Buffer.from('not a font'))).toThrow();
  });
});
