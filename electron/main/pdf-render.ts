/**
 * HTML → PDF with Chromium's printToPDF, for statements and bills. The document is rendered in
 * a hidden window of its own in-memory session, with JavaScript off and every request refused
 * except the document itself and data:/blob: images — the HTML may contain platform-supplied
 * text, and nothing in it may run or reach the network.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BrowserWindow, session, type Session } from 'electron';
import { z } from 'zod';
import type { PrintToPdf } from './services/core/capabilities';

export const PDF_PARTITION = 'onetap-pdf';
export const MAX_PDF_HTML_CHARS = 32 * 1024 * 1024;

const requestSchema = z
  .object({
    html: z.string().min(1).max(MAX_PDF_HTML_CHARS),
    pageSize: z.enum(['A4', 'A3', 'Letter', 'Legal']).default('A4'),
    landscape: z.boolean().default(false),
    printBackground: z.boolean().default(true),
  })
  .strict();

export interface PdfRendererOptions {
  tmpRoot?: string;
  timeoutMs?: number;
}

function withTimeout<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function createPdfRenderer(opts: PdfRendererOptions = {}): PrintToPdf {
  const allowedDocs = new Set<string>();
  let sessionReady = false;

  function pdfSession(): Session {
    const ses = session.fromPartition(PDF_PARTITION);
    if (!sessionReady) {
      ses.webRequest.onBeforeRequest((details, callback) => {
        const ok = allowedDocs.has(details.url) || details.url.startsWith('data:') || details.url.startsWith('blob:');
        callback({ cancel: !ok });
      });
      ses.setPermissionRequestHandler((_c, _p, callback) => callback(false));
      ses.setPermissionCheckHandler(() => false);
      sessionReady = true;
    }
    return ses;
  }

  return async (raw) => {
    const req = requestSchema.parse(raw);
    const timeoutMs = opts.timeoutMs ?? 60_000;
    const dir = await mkdtemp(join(opts.tmpRoot ?? tmpdir(), 'onetap-pdf-'));
    const file = join(dir, 'document.html');
    const fileUrl = pathToFileURL(file).href;
    let win: BrowserWindow | null = null;
    try {
      await writeFile(file, req.html, 'utf8');
      pdfSession();
      allowedDocs.add(fileUrl);
      win = new BrowserWindow({
        show: false,
        webPreferences: {
          partition: PDF_PARTITION,
          javascript: false,
          sandbox: true,
          contextIsolation: true,
          nodeIntegration: false,
          webSecurity: true,
          spellcheck: false,
        },
      });
      win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
      win.webContents.on('will-navigate', (e) => e.preventDefault());
      await withTimeout(win.loadFile(file), timeoutMs, 'loading the document');
      const pdf = await withTimeout(
        win.webContents.printToPDF({ pageSize: req.pageSize, landscape: req.landscape, printBackground: req.printBackground }),
        timeoutMs,
        'printing to PDF',
      );
      return Buffer.from(pdf);
    } finally {
      allowedDocs.delete(fileUrl);
      if (win && !win.isDestroyed()) win.destroy();
      await rm(dir, { recursive: true, force: true });
    }
  };
}
