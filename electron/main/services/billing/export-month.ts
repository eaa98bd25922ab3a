/**
 * `billing.export` and `billing.statementPdf`: a month's bill or reconciliation rendered to a
 * file (CSV, XLSX, PDF) and handed to the user by deliverFile.
 */
import { writeFile } from 'node:fs/promises';
import { ApiError } from '../../../../shared/contract/errors';
import type { DeliveryOutput } from '../../../../shared/contract/billing';
import { desktopCapability } from '../core/capabilities';
import type { ServiceContext } from '../core/context';
import type { Db } from '../db/open';
import { deliverFile, type ProducedFile } from './delivery';
import { billDocument, reconciliationDocument, type ExportDocument } from './export/document';
import type { ExportLocale } from './export/labels';
import { statementHtml } from './export/statement-html';
import { writeCsv } from './export/write-csv';
import { writeXlsx } from './export/write-xlsx';
import { monthBill } from './month-bill';
import { reconcile } from './reconcile';

export interface ExportRequest {
  month: string;
  kind: 'bill' | 'reconciliation';
  format: 'csv' | 'xlsx';
  locale: ExportLocale;
}

export function exportDocument(db: Db, req: Omit<ExportRequest, 'format'>, now: number): ExportDocument {
  return req.kind === 'bill' ? billDocument(monthBill(db, req.month, now), req.locale) : reconciliationDocument(reconcile(db, req.month), req.locale);
}

export function exportFile(doc: ExportDocument, req: ExportRequest): ProducedFile {
  const base = `onetap-${req.kind}-${req.month}`;
  return req.format === 'csv'
    ? { filename: `${base}.csv`, contentType: 'text/csv; charset=utf-8', filter: { name: 'CSV', extensions: ['csv'] }, write: (path) => writeCsv(doc, path) }
    : {
        filename: `${base}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        filter: { name: 'Excel', extensions: ['xlsx'] },
        write: (path) => writeXlsx(doc, path),
      };
}

export function exportMonth(ctx: ServiceContext, db: Db, req: ExportRequest, signal?: AbortSignal): Promise<DeliveryOutput> {
  return deliverFile(ctx, exportFile(exportDocument(db, req, ctx.clock.now()), req), signal);
}

export async function statementPdf(
  ctx: ServiceContext,
  db: Db,
  req: { month: string; locale: ExportLocale; workspaceName: string },
  signal?: AbortSignal,
): Promise<DeliveryOutput> {
  const print = desktopCapability(ctx, 'printToPDF');
  if (!print) throw new ApiError('UNSUPPORTED', 'PDF statements are made by the desktop app; in a browser, print the billing page instead');
  const html = statementHtml({ bill: monthBill(db, req.month, ctx.clock.now()), reconciliation: reconcile(db, req.month), workspaceName: req.workspaceName, locale: req.locale });
  const pdf = await print({ html, pageSize: 'A4', printBackground: true });
  signal?.throwIfAborted();
  return deliverFile(
    ctx,
    { filename: `onetap-statement-${req.month}.pdf`, contentType: 'application/pdf', filter: { name: 'PDF', extensions: ['pdf'] }, write: (path) => writeFile(path, pdf) },
    signal,
  );
}
