// The part of fontkit (pdfkit's font engine) the statement uses: which characters a font file draws.
declare module 'fontkit' {
  export function openSync(path: string): { characterSet: number[] };
}
