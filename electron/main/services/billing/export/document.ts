/**
 * The bill and the reconciliation of a month as a small tabular document (titled sections of
 * rows), which the CSV and XLSX writers each render their own way: one CSV file per section,
 * one XLSX sheet per section. Cells keep the exact decimal strings; the XLSX writer types them
 * (numbers, money with a fixed format, real dates). Values are in the export's language.
 */
import type { MonthBillOutput, ReconcileOutput } from '../../../../../shared/contract/billing';
import { packageValidity } from '../../../../../shared/billing/package-validity';
import { basisText, billFieldLabel, exportLabels, ladderSourceText, type ExportLabels, type ExportLocale } from './labels';

/**
 * How a column's cells are written: text as is, integers, money to the fen or to the mill, a
 * Shanghai day ("YYYY-MM-DD") or a moment (epoch ms), the last two as real dates in XLSX.
 */
export type ColumnKind = 'text' | 'int' | 'fen' | 'mill' | 'date' | 'datetime';

export interface Column {
  key: string;
  header: string;
  kind: ColumnKind;
}

export type Cell = string | number | null;

export interface Section {
  key: string;
  title: string;
  columns: Column[];
  rows: Record<string, Cell>[];
  /** Per-row overrides of a column's kind (a key/value table mixes counts and money in one column). */
  cellKinds?: Partial<Record<string, ColumnKind>>[];
}

export interface ExportDocument {
  title: string;
  month: string;
  sections: Section[];
}

const col = (key: string, header: string, kind: ColumnKind = 'text'): Column => ({ key, header, kind });

function summarySection(L: ExportLabels, items: [string, Cell, ColumnKind][]): Section {
  return {
    key: 'summary',
    title: L.summary,
    columns: [col('item', L.item), col('value', L.value)],
    rows: items.map(([item, value]) => ({ item, value })),
    cellKinds: items.map(([, , kind]) => ({ value: kind })),
  };
}

/** The kind of one cell: the row's override, else the column's. */
export function cellKind(section: Section, rowIndex: number, column: Column): ColumnKind {
  return section.cellKinds?.[rowIndex]?.[column.key] ?? column.kind;
}

/** What the packages table says about each package besides its coverage. */
export interface PackageFacts {
  packageId: string;
  kind: 'trial' | 'commercial';
  validFrom: number;
  validTo: number;
}

export function billDocument(bill: MonthBillOutput, locale: ExportLocale, packages: readonly PackageFacts[] = []): ExportDocument {
  const L = exportLabels(locale);
  const facts = new Map(packages.map((p) => [p.packageId, p]));
  return {
    title: `${L.billTitle} ${bill.month}`,
    month: bill.month,
    sections: [
      summarySection(L, [
        [L.month, bill.month, 'text'],
        [L.status, L[bill.status], 'text'],
        [L.billable, bill.calls, 'int'],
        [L.loginBillable, bill.billableByCapability.login, 'int'],
        [L.verifyBillable, bill.billableByCapability.verify, 'int'],
        [L.packageCovered, bill.packageCovered, 'int'],
        [L.charged, bill.charged, 'int'],
        [L.amount, bill.amount, 'fen'],
        [L.ladderSource, ladderSourceText(L, bill.ladder), 'text'],
        [L.basis, basisText(L, bill.basis), 'text'],
        [L.dataAsOf, bill.dataAsOf, 'datetime'],
        [L.generatedAt, bill.generatedAt, 'datetime'],
      ]),
      {
        key: 'tiers',
        title: L.tiers,
        // An open-ended tier's upper bound is an empty cell, so the column stays numbers.
        columns: [
          col('from', L.from, 'int'),
          col('to', L.to, 'int'),
          col('unitPrice', L.unitPrice, 'mill'),
          col('count', L.count, 'int'),
          col('amount', L.amount, 'mill'),
        ],
        rows: bill.tiers.map((t) => ({ from: t.from, to: t.to, unitPrice: t.unitPrice, count: t.count, amount: t.amount })),
      },
      {
        key: 'packages',
        title: L.packages,
        // Validity by the one definition (shared/billing/package-validity): inclusive Shanghai days.
        columns: [
          col('packageId', L.packageId),
          col('kind', L.packageKind),
          col('firstDay', L.validFrom, 'date'),
          col('lastDay', L.validTo, 'date'),
          col('covered', L.covered, 'int'),
        ],
        rows: bill.packageCoverage.map((p) => {
          const f = facts.get(p.packageId);
          const v = f ? packageValidity(f) : null;
          return { packageId: p.packageId, kind: f ? L[f.kind] : null, firstDay: v?.firstDay ?? null, lastDay: v?.lastDay ?? null, covered: p.covered };
        }),
      },
      {
        key: 'apps',
        title: L.apps,
        columns: [col('appId', L.appId), col('name', L.app), col('billable', L.billable, 'int'), col('amount', L.amount, 'fen')],
        rows: bill.allocation.apps.map((a) => ({ appId: a.appId ?? a.id, name: a.name, billable: a.billable, amount: a.amount })),
      },
      {
        key: 'operators',
        title: L.operators,
        columns: [col('operator', L.operator), col('billable', L.billable, 'int'), col('amount', L.amount, 'fen')],
        rows: bill.allocation.operators.map((o) => ({ operator: L[o.operator], billable: o.billable, amount: o.amount })),
      },
      {
        key: 'days',
        title: L.days,
        columns: [col('date', L.date, 'date'), col('billable', L.billable, 'int'), col('covered', L.covered, 'int'), col('charged', L.charged, 'int')],
        rows: bill.days.map((d) => ({ ...d })),
      },
    ],
  };
}

export function reconciliationDocument(r: ReconcileOutput, locale: ExportLocale): ExportDocument {
  const L = exportLabels(locale);
  return {
    title: `${L.reconTitle} ${r.month}`,
    month: r.month,
    sections: [
      summarySection(L, [
        [L.month, r.month, 'text'],
        [L.status, L[r.status], 'text'],
        [L.basis, basisText(L, r.basis), 'text'],
        [L.missing, r.missing.length ? r.missing.map((m) => L[m]).join(', ') : L.none, 'text'],
        [L.lines, r.lineCount, 'int'],
        [L.matchedLines, r.matchedLines, 'int'],
        [L.local, r.totals.local.billable, 'int'],
        [L.platform, r.totals.platform?.billable ?? null, 'int'],
        [L.amountLocal, r.amountLocal, 'fen'],
        [L.amountPlatform, r.amountPlatform, 'fen'],
        [L.amountFromStatement, r.amountFromStatement, 'fen'],
        [L.deltaTotal, r.deltaAmount, 'fen'],
      ]),
      {
        key: 'differences',
        title: L.differences,
        columns: [
          col('date', L.date, 'date'),
          col('appId', L.appId),
          col('name', L.app),
          col('capability', L.capability),
          col('operator', L.operator),
          col('local', L.local, 'int'),
          col('platform', L.platform, 'int'),
          col('delta', L.delta, 'int'),
          col('amount', L.deltaAmount, 'mill'),
          col('localCalls', L.localCalls, 'int'),
          col('platformCalls', L.platformCalls, 'int'),
          col('presence', L.presence),
        ],
        rows: r.differences.map((d) => ({
          date: d.date,
          appId: d.appId ?? d.id,
          name: d.appName,
          capability: L[d.capability],
          operator: L[d.operator],
          local: d.local,
          platform: d.platform,
          delta: d.delta,
          amount: d.amount,
          localCalls: d.localCalls,
          platformCalls: d.platformCalls,
          presence: L[d.presence],
        })),
      },
      {
        key: 'billDifferences',
        title: L.billDifferences,
        columns: [col('field', L.field), col('local', L.localValue), col('platform', L.platformValue)],
        rows: r.billDifferences.map((d) => ({ field: billFieldLabel(d.field, L), local: d.local, platform: d.platform })),
      },
    ],
  };
}
