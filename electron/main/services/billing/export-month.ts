/**
 * `billing.export` and `billing.statementPdf`: a month's bill or reconciliation rendered to a
 * file (CSV, XLSX, PDF) and handed to the user by deliverFile.
 */
import { writeFile } from 'node:fs/promises';
import type { DeliveryOutput } from '../../../../shared/contract/billing';
import type { ServiceContext } from '../core/context';
import type { Db } from '../db/open';
import { billingRepo } from './billing-repo';
import { deliverFile, type ProducedFile } from './delivery';
import { billDocument, reconciliationDocument, type ExportDocument } from './export/document';
import type { ExportLocale } from './export/labels';
import { writeCsvFiles, writeCsvZip } from './export/write-csv';
import { writeXlsx } from './export/write-xlsx';
import { monthBill, type BillSource } from './month-bill';
import { activeStatisticsSource } from './statistics-source';
import { reconcile } from './reconcile';
import { statementModel, type StatementInput } from './statement/statement-model';
import { renderStatementPdf } from './statement/statement-pdf';

export interface ExportRequest {
  month: string;
  kind: 'bill' | 'reconciliation';
  format: 'csv' | 'xlsx';
  locale: ExportLocale;
  out?: string | undefined;
}

export function exportDocument(db: Db, req: Omit<ExportRequest, 'format'>, now: number, statistics: BillSource | null = null): ExportDocument {
  return req.kind === 'bill'
    ? billDocument(monthBill(db, req.month, now, statistics), req.locale, billingRepo(db).packages())
    : reconciliationDocument(reconcile(db, req.month, statistics, now), req.locale);
}

export function exportFile(doc: ExportDocument, req: ExportRequest): ProducedFile {
  const base = `onetap-${req.kind}-${req.month}`;
  return req.format === 'csv'
    ? {
        filename: `${base}-csv.zip`,
        contentType: 'application/zip',
        filter: { name: 'ZIP (CSV)', extensions: ['zip'] },
        write: (path) => writeCsvZip(doc, base, path),
        writeSeparate: (path) => writeCsvFiles(doc, path),
      }
    : {
        filename: `${base}.xlsx`,
        contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
        filter: { name: 'Excel', extensions: ['xlsx'] },
        write: (path) => writeXlsx(doc, path),
      };
}

export function exportMonth(ctx: ServiceContext, db: Db, req: ExportRequest, signal?: AbortSignal): Promise<DeliveryOutput> {
  return deliverFile(ctx, exportFile(exportDocument(db, req, ctx.clock.now(), activeStatisticsSource(ctx, req.month)), req), signal, req.out);
}

/** Everything a statement shows, read from the workspace. */
export function statementInput(
  db: Db,
  req: { month: string; locale: ExportLocale; workspace: StatementInput['workspace'] },
  now: number,
  statistics: BillSource | null = null,
): StatementInput {
  return {
    bill: monthBill(db, req.month, now, statistics),
    reconciliation: reconcile(db, req.month, statistics, now),
    packages: billingRepo(db).packages(),
    workspace: req.workspace,
    locale: req.locale,
  };
}

export async function statementPdfBytes(
  db: Db,
  req: { month: string; locale: ExportLocale; workspace: StatementInput['workspace'] },
  now: number,
  statistics: BillSource | null = null,
): Promise<Buffer> {
  return renderStatementPdf(statementModel(statementInput(db, req, now, statistics)));
}

export async function statementPdf(
  ctx: ServiceContext,
  db: Db,
  req: { month: string; locale: ExportLocale; workspace: StatementInput['workspace']; out?: string | undefined },
  signal?: AbortSignal,
): Promise<DeliveryOutput> {
  const pdf = await statementPdfBytes(db, req, ctx.clock.now(), activeStatisticsSource(ctx, req.month));
  signal?.throwIfAborted();
  const filename = `onetap-statement-${req.month}${req.locale === 'en-US' ? '-en' : ''}.pdf`;
  return deliverFile(
    ctx,
    { filename, contentType: 'application/pdf', filter: { name: 'PDF', extensions: ['pdf'] }, write: (path) => writeFile(path, pdf) },
    signal,
    req.out,
  );
}
