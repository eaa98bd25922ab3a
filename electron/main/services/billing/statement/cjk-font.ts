/**
 * The statement's typeface: Noto Sans SC (SIL Open Font License 1.1) as the @fontsource package
 * ships it, so no font installed on the machine is ever used. The package carries one file that
 * covers simplified Chinese with Latin ("chinese-simplified", some 8,000 characters); for a rarer
 * character (an app name may hold one) the unicode-range slices of the same font listed in its
 * CSS are used, one slice per character. pdfkit embeds only the glyphs a statement draws
 * (subsetting), so a statement stays a few tens of kilobytes whatever the font's size.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as fontkit from 'fontkit';

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
  const font = fontkit.openSync(primary) as unknown as { characterSet: number[] };
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

export const FONT_LICENSE = 'Noto Sans SC, SIL Open Font License 1.1 (@fontsource/noto-sans-sc)';
