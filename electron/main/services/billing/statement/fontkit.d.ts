// The part of fontkit (pdfkit's font engine) the statement uses: which characters a font file draws, and how wide.
declare module 'fontkit' {
  export interface Font {
    characterSet: number[];
    unitsPerEm: number;
    glyphForCodePoint(codePoint: number): { advanceWidth: number };
  }
  export function create(buffer: Buffer): Font;
}
