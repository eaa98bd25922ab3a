/**
 * The statement's typeface: Noto Sans SC (SIL Open Font License 1.1) as the @fontsource package
 * ships it, so no font installed on the machine is ever used. The package carries one file that
 * covers simplified Chinese with Latin ("chinese-simplified", some 8,000 characters); for a rarer
 * character (an app name may hold one) the unicode-range slices of the same font listed in its
 * CSS are used, one slice per character. pdfkit embeds only the glyphs a statement draws
 * (subsetting), so a statement stays a few tens of kilobytes whatever the font's size.
 */
import { readFileSync } from 'node:fs';
import { inflateSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as fontkit from 'fontkit';
import { lazyModule } from '../../core/lazy-module';

export type Weight = 400 | 700;

interface Slice {
  file: string;
  ranges: [number, number][];
}

interface WeightFaces {
  primary: string;
  primaryChars: Set<number>;
  slices: Slice[];
}

const faces = new Map<Weight, WeightFaces>();
const sfnts = new Map<string, Buffer>();
const loadFontkit = lazyModule<typeof fontkit>('fontkit');
const fonts = new Map<string, fontkit.Font>();

/**
 * A WOFF file unpacked to the plain font it wraps (the sfnt: header, table records, tables).
 * fontkit reads WOFF tables through a pure-JS inflate on every access, which made a statement
 * take half a minute; unpacked once with zlib, the same font is read directly.
 */
export function woffToSfnt(woff: Buffer): Buffer {
  if (woff.readUInt32BE(0) !== 0x774f4646) throw new Error('not a WOFF file');
  const flavor = woff.readUInt32BE(4);
  const numTables = woff.readUInt16BE(12);
  const tables: { tag: number; checksum: number; data: Buffer }[] = [];
  for (let i = 0; i < numTables; i++) {
    const at = 44 + i * 20;
    const tag = woff.readUInt32BE(at);
    const offset = woff.readUInt32BE(at + 4);
    const compLength = woff.readUInt32BE(at + 8);
    const origLength = woff.readUInt32BE(at + 12);
    const checksum = woff.readUInt32BE(at + 16);
    const raw = woff.subarray(offset, offset + compLength);
    const data = compLength < origLength ? inflateSync(raw) : raw;
    if (data.length !== origLength) throw new Error('damaged WOFF table');
    tables.push({ tag, checksum, data });
  }
  let pow = 1;
  let log = 0;
  while (pow * 2 <= numTables) {
    pow *= 2;
    log++;
  }
  const head = Buffer.alloc(12 + numTables * 16);
  head.writeUInt32BE(flavor, 0);
  head.writeUInt16BE(numTables, 4);
  head.writeUInt16BE(pow * 16, 6);
  head.writeUInt16BE(log, 8);
  head.writeUInt16BE(numTables * 16 - pow * 16, 10);
  const parts: Buffer[] = [head];
  let offset = head.length;
  tables.forEach((t, i) => {
    head.writeUInt32BE(t.tag, 12 + i * 16);
    head.writeUInt32BE(t.checksum, 16 + i * 16);
    head.writeUInt32BE(offset, 20 + i * 16);
    head.writeUInt32BE(t.data.length, 24 + i * 16);
    const padded = (t.data.length + 3) & ~3;
    parts.push(t.data, Buffer.alloc(padded - t.data.length));
    offset += padded;
  });
  return Buffer.concat(parts);
}

/** The font file's plain font bytes, unpacked once per process. */
export function fontBytes(file: string): Buffer {
  let b = sfnts.get(file);
  if (!b) {
    b = woffToSfnt(readFileSync(file));
    sfnts.set(file, b);
  }
  return b;
}

function fontOf(file: string): fontkit.Font {
  let f = fonts.get(file);
  if (!f) {
    f = loadFontkit().create(fontBytes(file));
    fonts.set(file, f);
  }
  return f;
}

function packageDir(): string {
  return dirname(createRequire(import.meta.url).resolve('@fontsource/noto-sans-sc/package.json'));
}

/** "U+4e00-4e1f,U+20" → [[0x4e00, 0x4e1f], [0x20, 0x20]]. */
export function parseUnicodeRange(spec: string): [number, number][] {
  return spec.split(',').map((part) => {
    const [a, b] = part.trim().replace(/^U\+/i, '').split('-');
    const from = parseInt(a!, 16);
    return [from, b === undefined ? from : parseInt(b, 16)];
  });
}

function loadWeight(weight: Weight): WeightFaces {
  const cached = faces.get(weight);
  if (cached) return cached;
  const dir = packageDir();
  const primary = join(dir, 'files', `noto-sans-sc-chinese-simplified-${weight}-normal.woff`);
  const font = fontOf(primary);
  const css = readFileSync(join(dir, `${weight}.css`), 'utf8');
  const slices: Slice[] = [];
  for (const block of css.split('@font-face').slice(1)) {
    const file = /url\(\.\/files\/([^)]+\.woff)\) format\('woff'\)/.exec(block)?.[1];
    const range = /unicode-range:\s*([^;]+);/.exec(block)?.[1];
    if (file && range) slices.push({ file: join(dir, 'files', file), ranges: parseUnicodeRange(range) });
  }
  const loaded = { primary, primaryChars: new Set(font.characterSet), slices };
  faces.set(weight, loaded);
  return loaded;
}

/** The font file that draws this code point at this weight (the primary file when no slice has it). */
export function fontFileFor(codePoint: number, weight: Weight): string {
  const w = loadWeight(weight);
  if (w.primaryChars.has(codePoint)) return w.primary;
  const slice = w.slices.find((s) => s.ranges.some(([a, b]) => codePoint >= a && codePoint <= b));
  return slice?.file ?? w.primary;
}

export interface TextRun {
  file: string;
  text: string;
}

/** Splits text into runs that one font file draws. */
export function fontRuns(text: string, weight: Weight): TextRun[] {
  const runs: TextRun[] = [];
  for (const ch of text) {
    const file = fontFileFor(ch.codePointAt(0)!, weight);
    const last = runs[runs.length - 1];
    if (last && last.file === file) last.text += ch;
    else runs.push({ file, text: ch });
  }
  return runs;
}

/**
 * Width of a run in em: the sum of its glyphs' advances. The statement's text needs no kerning
 * or shaping (Chinese, digits, Latin labels), and asking pdfkit would lay the run out with the
 * full shaping engine, some fifty times slower for these fonts.
 */
export function runWidthEm(run: TextRun): number {
  const font = fontOf(run.file);
  let units = 0;
  for (const ch of run.text) units += font.glyphForCodePoint(ch.codePointAt(0)!).advanceWidth;
  return units / font.unitsPerEm;
}

export const FONT_LICENSE = 'Noto Sans SC, SIL Open Font License 1.1 (@fontsource/noto-sans-sc)';
