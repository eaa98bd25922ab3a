/**
 * The statement model drawn on A4 with pdfkit (a well-kept PDF library that embeds and subsets
 * TrueType/OpenType fonts itself). Layout is done here, line by line, so tables break across
 * pages with their header repeated, and every page gets "第 N 页 / 共 M 页" and the document id.
 *
 * Reproducible bytes: the creation date comes from the model (the data's date), pdfkit derives
 * the file id from it, and font subset tags from the font ids: no clock, no randomness.
 */
import type PDFDocument from 'pdfkit';
import { lazyModule } from '../../core/lazy-module';
import { fontBytes, fontRuns, runWidthEm, type Weight } from './cjk-font';
import { documentId, type Block, type StatementModel, type TableBlock } from './statement-model';
import { fill } from '../export/labels';

const A4 = { width: 595.28, height: 841.89 };
const MARGIN = { left: 48, right: 48, top: 50, bottom: 56 };
const CONTENT = A4.width - MARGIN.left - MARGIN.right;
const BOTTOM = A4.height - MARGIN.bottom;
const BODY = 9;
const ROW = 16;
const INK = '#1f2329';
const MUTED = '#646a73';
const RULE = '#d0d3d6';
const HEAD_FILL = '#f2f3f5';

type Doc = InstanceType<typeof PDFDocument>;
const pdfkit = lazyModule<typeof PDFDocument>('pdfkit');

/** Text drawn in the runs of the font files that carry its characters. */
class Typesetter {
  private readonly names = new Map<string, string>();

  constructor(private readonly doc: Doc) {}

  private fontName(file: string): string {
    let name = this.names.get(file);
    if (!name) {
      name = `F${this.names.size + 1}`;
      this.doc.registerFont(name, fontBytes(file));
      this.names.set(file, name);
    }
    return name;
  }

  width(text: string, size: number, weight: Weight = 400): number {
    let w = 0;
    for (const run of fontRuns(text, weight)) w += runWidthEm(run) * size;
    return w;
  }

  /** Cuts text to fit a width, ending it with "…" when cut. */
  fit(text: string, maxWidth: number, size: number, weight: Weight = 400): string {
    if (this.width(text, size, weight) <= maxWidth) return text;
    const chars = [...text];
    while (chars.length > 0 && this.width(`${chars.join('')}…`, size, weight) > maxWidth) chars.pop();
    return `${chars.join('')}…`;
  }

  draw(
    text: string,
    x: number,
    y: number,
    opts: { size?: number; weight?: Weight; color?: string; width?: number; align?: 'left' | 'right' | 'center' } = {},
  ): void {
    const size = opts.size ?? BODY;
    const weight = opts.weight ?? 400;
    const shown = opts.width !== undefined ? this.fit(text, opts.width, size, weight) : text;
    const w = this.width(shown, size, weight);
    let cx =
      opts.width === undefined || opts.align === undefined || opts.align === 'left'
        ? x
        : opts.align === 'right'
          ? x + opts.width - w
          : x + (opts.width - w) / 2;
    this.doc.fillColor(opts.color ?? INK);
    for (const run of fontRuns(shown, weight)) {
      this.doc.font(this.fontName(run.file)).fontSize(size).text(run.text, cx, y, { lineBreak: false });
      cx += runWidthEm(run) * size;
    }
  }

  /**
   * Wraps text into lines that fit a width: at the last space when the line has one in its
   * second half (Latin words stay whole), else at any character (Chinese has no spaces).
   */
  wrap(text: string, maxWidth: number, size: number): string[] {
    const lines: string[] = [];
    let line = '';
    for (const ch of text) {
      if (line && this.width(line + ch, size) > maxWidth) {
        const space = line.lastIndexOf(' ');
        if (space > line.length / 2) {
          lines.push(line.slice(0, space));
          line = (line.slice(space + 1) + ch).trimStart();
        } else {
          lines.push(line);
          line = ch.trimStart();
        }
      } else line += ch;
    }
    if (line) lines.push(line);
    return lines;
  }
}

class Layout {
  y = MARGIN.top;

  constructor(
    private readonly doc: Doc,
    private readonly t: Typesetter,
  ) {}

  /** Starts a new page when `height` does not fit on this one; true when it did. */
  need(height: number): boolean {
    if (this.y + height <= BOTTOM) return false;
    this.doc.addPage();
    this.y = MARGIN.top;
    return true;
  }

  title(text: string): void {
    this.t.draw(text, MARGIN.left, this.y, { size: 16, weight: 700 });
    this.y += 28;
  }

  heading(text: string): void {
    this.need(ROW * 3);
    this.y += 8;
    this.t.draw(text, MARGIN.left, this.y, { size: 11.5, weight: 700 });
    this.y += 17;
    this.doc
      .moveTo(MARGIN.left, this.y - 3)
      .lineTo(MARGIN.left + CONTENT, this.y - 3)
      .lineWidth(0.6)
      .strokeColor(RULE)
      .stroke();
    this.y += 2;
  }

  pairs(pairs: [string, string][]): void {
    const keyWidth = 150;
    for (const [k, v] of pairs) {
      const lines = this.t.wrap(v, CONTENT - keyWidth, BODY);
      this.need(lines.length * 13);
      this.t.draw(k, MARGIN.left, this.y, { color: MUTED, width: keyWidth - 8 });
      for (const line of lines) {
        this.t.draw(line, MARGIN.left + keyWidth, this.y);
        this.y += 13;
      }
    }
    this.y += 6;
  }

  note(text: string): void {
    const lines = this.t.wrap(text, CONTENT, BODY);
    this.need(lines.length * 13 + 4);
    for (const line of lines) {
      this.t.draw(line, MARGIN.left, this.y, { color: MUTED });
      this.y += 13;
    }
    this.y += 4;
  }

  payable(b: Extract<Block, { kind: 'payable' }>): void {
    const height = b.words ? 46 : 30;
    this.need(height + 8);
    this.y += 4;
    this.doc.rect(MARGIN.left, this.y, CONTENT, height).lineWidth(0.8).strokeColor(INK).stroke();
    this.t.draw(b.label, MARGIN.left + 10, this.y + 9, { size: 11, weight: 700 });
    this.t.draw(b.amount, MARGIN.left + 10, this.y + 7, { size: 14, weight: 700, width: CONTENT - 20, align: 'right' });
    if (b.words && b.wordsLabel) {
      this.t.draw(b.wordsLabel, MARGIN.left + 10, this.y + 29, { color: MUTED });
      this.t.draw(b.words, MARGIN.left + 10, this.y + 29, { weight: 700, width: CONTENT - 20, align: 'right' });
    }
    this.y += height + 8;
  }

  private tableHeader(b: TableBlock, xs: number[], widths: number[]): void {
    this.doc.rect(MARGIN.left, this.y, CONTENT, ROW).fill(HEAD_FILL);
    b.columns.forEach((c, i) => this.t.draw(c.header, xs[i]! + 4, this.y + 4, { weight: 700, width: widths[i]! - 8, align: c.align, size: 8.5 }));
    this.y += ROW;
  }

  table(b: TableBlock): void {
    this.heading(b.title);
    const widths = b.columns.map((c) => c.width * CONTENT);
    const xs = widths.map((_, i) => MARGIN.left + widths.slice(0, i).reduce((s, w) => s + w, 0));
    if (b.rows.length === 0) {
      this.note(b.empty);
      return;
    }
    this.need(ROW * 2);
    this.tableHeader(b, xs, widths);
    const rows = b.total ? [...b.rows, b.total] : b.rows;
    rows.forEach((row, r) => {
      const isTotal = b.total !== undefined && r === rows.length - 1;
      if (this.need(ROW)) this.tableHeader(b, xs, widths);
      row.forEach((cell, i) => this.t.draw(cell, xs[i]! + 4, this.y + 4, { width: widths[i]! - 8, align: b.columns[i]!.align, weight: isTotal ? 700 : 400 }));
      this.y += ROW;
      this.doc
        .moveTo(MARGIN.left, this.y)
        .lineTo(MARGIN.left + CONTENT, this.y)
        .lineWidth(isTotal ? 0.8 : 0.4)
        .strokeColor(isTotal ? INK : RULE)
        .stroke();
    });
    this.y += 6;
  }
}

/** The statement as PDF bytes. */
export function renderStatementPdf(model: StatementModel): Promise<Buffer> {
  const id = documentId(model);
  const created = new Date(model.createdAt);
  const doc = new (pdfkit())({
    size: 'A4',
    margin: 0,
    bufferPages: true,
    autoFirstPage: true,
    lang: model.locale,
    info: {
      Title: model.title,
      Author: 'onetap-console',
      Creator: 'onetap-console',
      Producer: 'onetap-console (PDFKit)',
      CreationDate: created,
      ModDate: created,
      Subject: id,
    },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const t = new Typesetter(doc);
  const layout = new Layout(doc, t);
  layout.title(model.title);
  for (const b of model.blocks) {
    if (b.kind === 'heading') layout.heading(b.text);
    else if (b.kind === 'pairs') layout.pairs(b.pairs);
    else if (b.kind === 'note') layout.note(b.text);
    else if (b.kind === 'payable') layout.payable(b);
    else layout.table(b);
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = A4.height - MARGIN.bottom + 22;
    doc
      .moveTo(MARGIN.left, y - 6)
      .lineTo(MARGIN.left + CONTENT, y - 6)
      .lineWidth(0.4)
      .strokeColor(RULE)
      .stroke();
    t.draw(`${model.documentIdLabel} ${id}`, MARGIN.left, y, { size: 8, color: MUTED });
    t.draw(fill(model.pageOf, { n: i + 1, m: range.count }), MARGIN.left, y, { size: 8, color: MUTED, width: CONTENT, align: 'right' });
  }
  doc.end();
  return done;
}
