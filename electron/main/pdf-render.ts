/**
 * HTML → PDF with Chromium's printToPDF, for statements and bills. The document is rendered in
 * a hidden window of its own in-memory session, with JavaScript off and every request refused
 * except the document itself and data:/blob: images — the HTML may contain platform-supplied
 * text, and nothing in it may run or reach the network.
 *
 * The document is served from memory on the app scheme of that session only
 * (`app://pdf/<random>.html`, another host than the console's own `app://onetap`, so it is never
 * a trusted origin): no temporary file:// document, which any local process could read or swap
 * while it renders, and no file:// page with its extra privileges.
 */
import { randomBytes } from 'node:crypto';
import { BrowserWindow, session, type Session } from 'electron';
import { z } from 'zod';
import type { PrintToPdf } from './capabilities';
import { SECURITY_HEADERS } from '../web/security-headers';
import { APP_SCHEME } from './trusted-origin';

export const PDF_PARTITION = 'onetap-pdf';
/** Host of the in-memory documents on the PDF session's app scheme. */
export const PDF_DOC_HOST = 'pdf';
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
  /** Documents being rendered, by URL (held in memory only while their window loads and prints). */
  const docs = new Map<string, string>();
  const allowedDocs = { has: (url: string) => docs.has(url) };
  let sessionReady = false;

  function pdfSession(): Session {
    const ses = session.fromPartition(PDF_PARTITION);
    if (!sessionReady) {
      ses.protocol.handle(APP_SCHEME, (request) => {
        const html = request.method === 'GET' ? docs.get(request.url) : undefined;
        if (html === undefined) return new Response('not found', { status: 404, headers: { ...SECURITY_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
        return new Response(html, {
          status: 200,
          headers: {
            'Content-Type': 'text/html; charset=utf-8',
            'Cache-Control': 'no-store',
            'Content-Security-Policy': "default-src 'none'; img-src data: blob:; style-src 'unsafe-inline'; font-src data:",
          },
        });
      });
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
    const docUrl = `${APP_SCHEME}://${PDF_DOC_HOST}/${randomBytes(16).toString('hex')}.html`;
    let win: BrowserWindow | null = null;
    try {
      pdfSession();
      docs.set(docUrl, req.html);
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
      win.webContents.on('will-redirect', (e) => e.preventDefault());
      win.webContents.on('will-frame-navigate', (e) => {
        if (e.url !== docUrl) e.preventDefault();
      });
      await withTimeout(win.loadURL(docUrl), timeoutMs, 'loading the document');
      const pdf = await withTimeout(
        win.webContents.printToPDF({ pageSize: req.pageSize, landscape: req.landscape, printBackground: req.printBackground }),
        timeoutMs,
        'printing to PDF',
      );
      return Buffer.from(pdf);
    } finally {
      docs.delete(docUrl);
      if (win && !win.isDestroyed()) win.destroy();
    }
  };
}
