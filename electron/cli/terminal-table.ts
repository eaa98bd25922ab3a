/** Plain-text tables for the CLI's human output. */

const WIDE = /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/;

/** Pads or cuts to a terminal width, counting CJK characters as two columns. */
export function cell(s: string, width: number): string {
  let w = 0;
  let out = '';
  for (const ch of s) {
    const cw = WIDE.test(ch) ? 2 : 1;
    if (w + cw > width) break;
    out += ch;
    w += cw;
  }
  return out + ' '.repeat(width - w);
}

export type Column<T> = [header: string, width: number, value: (row: T) => string];

/** Header line plus one line per row. */
export function writeTable<T>(columns: readonly Column<T>[], rows: readonly T[], out: (s: string) => void = (s) => process.stdout.write(s)): void {
  const line = (values: readonly string[]): string => values.map((v, i) => cell(v, columns[i]![1])).join(' ').trimEnd();
  out(`${line(columns.map((c) => c[0]))}\n`);
  for (const r of rows) out(`${line(columns.map((c) => c[2](r)))}\n`);
}
