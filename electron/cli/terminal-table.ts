/** Plain-text tables for the CLI's human output, measured in terminal columns (display width). */

/**
 * Wide (W) and fullwidth (F) ranges of Unicode's East Asian Width property (UAX #11) that text in this
 * product meets: Hangul Jamo, CJK radicals to Yi, Hangul syllables, CJK compatibility, vertical and
 * small forms, fullwidth forms, and the supplementary ideographic planes (CJK extensions B–H).
 */
const WIDE_RANGES: readonly (readonly [number, number])[] = [
  [0x1100, 0x115f],
  [0x231a, 0x231b],
  [0x2329, 0x232a],
  [0x2e80, 0x303e],
  [0x3041, 0x33ff],
  [0x3400, 0x4dbf],
  [0x4e00, 0x9fff],
  [0xa000, 0xa4cf],
  [0xa960, 0xa97f],
  [0xac00, 0xd7a3],
  [0xf900, 0xfaff],
  [0xfe10, 0xfe19],
  [0xfe30, 0xfe6f],
  [0xff00, 0xff60],
  [0xffe0, 0xffe6],
  [0x1f300, 0x1f64f],
  [0x1f900, 0x1f9ff],
  [0x20000, 0x2fffd],
  [0x30000, 0x3fffd],
];

/** Combining marks, format characters (zero-width joiner, BOM …) and controls take no column. */
const ZERO_WIDTH = /^[\p{Mn}\p{Me}\p{Cf}\p{Cc}]$/u;
/** Emoji drawn as pictures (Emoji_Presentation) take two columns in every modern terminal. */
const EMOJI = /^\p{Emoji_Presentation}$/u;

/** Columns one character (code point) takes in a terminal: 0, 1 or 2. */
export function charWidth(ch: string): 0 | 1 | 2 {
  const cp = ch.codePointAt(0) ?? 0;
  if (cp < 0x7f) return cp < 0x20 ? 0 : 1;
  if (ZERO_WIDTH.test(ch)) return 0;
  for (const [lo, hi] of WIDE_RANGES) {
    if (cp < lo) break;
    if (cp <= hi) return 2;
  }
  return EMOJI.test(ch) ? 2 : 1;
}

/** Columns a string takes in a terminal (East Asian wide characters count two). */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += charWidth(ch);
  return w;
}

/**
 * Pads or cuts to a terminal width. Line breaks and tabs become spaces (a table cell is one line);
 * a wide character that would straddle the edge is left out and the cell padded instead.
 */
export function cell(s: string, width: number): string {
  let w = 0;
  let out = '';
  for (const raw of s) {
    const ch = raw === '\n' || raw === '\r' || raw === '\t' ? ' ' : raw;
    const cw = charWidth(ch);
    if (w + cw > width) break;
    out += ch;
    w += cw;
  }
  return out + ' '.repeat(width - w);
}

/** `padEnd` / `padStart` by display width, never cutting (for free-form lines outside a table). */
export function padDisplay(s: string, width: number, align: 'left' | 'right' = 'left'): string {
  const pad = ' '.repeat(Math.max(0, width - displayWidth(s)));
  return align === 'left' ? s + pad : pad + s;
}

export type Column<T> = [header: string, width: number, value: (row: T) => string];

/** Header line plus one line per row. */
export function writeTable<T>(columns: readonly Column<T>[], rows: readonly T[], out: (s: string) => void = (s) => process.stdout.write(s)): void {
  const line = (values: readonly string[]): string =>
    values
      .map((v, i) => cell(v, columns[i]![1]))
      .join(' ')
      .trimEnd();
  out(`${line(columns.map((c) => c[0]))}\n`);
  for (const r of rows) out(`${line(columns.map((c) => c[2](r)))}\n`);
}
