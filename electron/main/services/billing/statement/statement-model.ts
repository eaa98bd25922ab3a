/**
 * What a month's statement says, as plain localised text laid out in blocks (key/value lists,
 * tables, notes), built from the same outputs the billing screen shows. The PDF renderer only
 * draws it; the document id is a hash of it, so the same data always gives the same id.
 *
 * The statement is a document of its data: its date is the newest sync of what it is made of
 * (auth records or the usage statement, the platform's bill), not the moment someone clicked.
 * That is what lets every door — desktop, browser, command line — print the same bytes.
 */
import { createHash } from 'node:crypto';
import type { MonthBillOutput, ReconcileOutput } from '../../../../../shared/contract/billing';
import { packageValidity } from '../../../../../shared/billing/package-validity';
import { chineseUppercaseAmount } from '../../../../../shared/money/chinese-uppercase';
import { datesOfMonth, startOfShanghaiMonth, toShanghaiIso } from '../../../../../shared/time/shanghai';
import { basisText, billFieldLabel, exportLabels, fill, ladderSourceText, type ExportLabels, type ExportLocale } from '../export/labels';

export type Align = 'left' | 'right';

export interface TableBlock {
  kind: 'table';
  title: string;
  columns: { header: string; width: number; align: Align }[];
  rows: string[][];
  /** A last row set in bold (totals). */
  total?: string[];
  /** Shown instead of an empty table. */
  empty: string;
}

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'pairs'; pairs: [string, string][] }
  | { kind: 'note'; text: string }
  | { kind: 'payable'; label: string; amount: string; wordsLabel: string | null; words: string | null }
  | TableBlock;

export interface StatementModel {
  locale: ExportLocale;
  title: string;
  /** Epoch ms: the PDF's creation date. */
  createdAt: number;
  blocks: Block[];
  /** Footer texts, with {n} and {m} for the page numbers. */
  pageOf: string;
  documentIdLabel: string;
}

export interface StatementPackage {
  packageId: string;
  kind: 'trial' | 'commercial';
  validFrom: number;
  validTo: number;
}

export interface StatementInput {
  bill: MonthBillOutput;
  reconciliation: ReconcileOutput;
  packages: readonly StatementPackage[];
  /** endpoint: the platform's address for a saved remote workspace (its host is printed), when known. */
  workspace: { name: string; kind: 'demo' | 'remote'; endpoint?: string | null };
  locale: ExportLocale;
}

const int = (n: number): string => n.toLocaleString('en-US');

/** "1234567.890" → "1,234,567.890" (text, never a float). */
export function groupDecimal(amount: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(amount);
  return m ? `${m[1]}${m[2]!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}` : amount;
}

/** "号码认证平台（api.example.com）": the platform and, when known, the host the workspace talks to. */
function providerText(platform: string, endpoint: string | null | undefined): string {
  if (!endpoint) return platform;
  try {
    return `${platform} (${new URL(endpoint).host})`;
  } catch {
    return platform;
  }
}

const time = (ms: number): string => toShanghaiIso(ms).slice(0, 19).replace('T', ' ');

/** The statement's date: the newest sync among its sources, else the month's first moment. */
export function statementDate(bill: MonthBillOutput, r: ReconcileOutput): number {
  const times = [bill.dataAsOf, r.statementFetchedAt, r.billFetchedAt].filter((t): t is number => t !== null);
  return times.length ? Math.max(...times) : startOfShanghaiMonth(bill.month);
}

function tierBlock(bill: MonthBillOutput, L: ExportLabels): TableBlock {
  return {
    kind: 'table',
    title: L.tiers,
    columns: [
      { header: L.tierNo, width: 0.1, align: 'left' },
      { header: L.range, width: 0.3, align: 'left' },
      { header: L.unitPrice, width: 0.18, align: 'right' },
      { header: L.count, width: 0.18, align: 'right' },
      { header: L.amount, width: 0.24, align: 'right' },
    ],
    rows: bill.tiers.map((t, i) => [
      String(i + 1),
      t.to === null ? fill(L.rangeOpen, { from: int(t.from + 1) }) : fill(L.rangeValue, { from: int(t.from + 1), to: int(t.to) }),
      t.unitPrice,
      int(t.count),
      groupDecimal(t.amount),
    ]),
    total: [L.subtotal, '', '', int(bill.charged), groupDecimal(bill.amount)],
    empty: L.none,
  };
}

export function statementModel(input: StatementInput): StatementModel {
  const { bill, reconciliation: r, locale } = input;
  const L = exportLabels(locale);
  const dates = datesOfMonth(bill.month);
  const basisCell = basisText(L, bill.basis);
  const asOf = [
    bill.basis === 'statement' ? null : fill(L.recordsAsOf, { t: bill.basis === 'records' && bill.dataAsOf !== null ? time(bill.dataAsOf) : L.neverSynced }),
    r.statementFetchedAt !== null ? fill(L.statementAsOf, { t: time(r.statementFetchedAt) }) : null,
    r.billFetchedAt !== null ? fill(L.billAsOf, { t: time(r.billFetchedAt) }) : null,
  ].filter((s): s is string => s !== null);
  const createdAt = statementDate(bill, r);
  const blocks: Block[] = [];

  blocks.push({
    kind: 'pairs',
    pairs: [
      [L.workspace, input.workspace.name],
      [L.provider, input.workspace.kind === 'demo' ? L.providerDemo : providerText(L.providerPlatform, input.workspace.endpoint)],
      [L.period, fill(L.periodValue, { first: dates[0]!, last: dates[dates.length - 1]! })],
      [L.status, L[bill.status]],
      [L.basis, basisCell],
      [L.ladderSource, ladderSourceText(L, bill.ladder)],
      [L.generatedAt, time(createdAt)],
      [L.dataAsOf, asOf.join('; ') || L.neverSynced],
    ],
  });
  if (bill.basis === 'none') blocks.push({ kind: 'note', text: L.noBasisNote });
  else if (bill.basis === 'statement') blocks.push({ kind: 'note', text: L.statementBasisNote });

  if (bill.basis !== 'none') {
    blocks.push({
      kind: 'pairs',
      pairs: [
        [L.billable, int(bill.calls)],
        [L.loginBillable, int(bill.billableByCapability.login)],
        [L.verifyBillable, int(bill.billableByCapability.verify)],
        [L.packageCovered, int(bill.packageCovered)],
        [L.charged, int(bill.charged)],
      ],
    });
    blocks.push(tierBlock(bill, L));

    const byId = new Map(input.packages.map((p) => [p.packageId, p]));
    blocks.push({
      kind: 'table',
      title: L.packages,
      columns: [
        { header: L.packageId, width: 0.3, align: 'left' },
        { header: L.packageKind, width: 0.14, align: 'left' },
        { header: L.validity, width: 0.36, align: 'left' },
        { header: L.covered, width: 0.2, align: 'right' },
      ],
      rows: bill.packageCoverage.map((c) => {
        const p = byId.get(c.packageId);
        const v = p ? packageValidity(p) : null;
        return [c.packageId, p ? L[p.kind] : '', v ? fill(L.validityValue, { first: v.firstDay, last: v.lastDay }) : '', int(c.covered)];
      }),
      empty: L.noPackages,
    });

    blocks.push({
      kind: 'payable',
      label: L.payable,
      amount: `¥${groupDecimal(bill.amount)}`,
      wordsLabel: L.inWords,
      words: chineseUppercaseAmount(bill.amount),
    });

    blocks.push({
      kind: 'table',
      title: L.apps,
      columns: [
        { header: L.appId, width: 0.24, align: 'left' },
        { header: L.app, width: 0.36, align: 'left' },
        { header: L.billable, width: 0.2, align: 'right' },
        { header: L.amount, width: 0.2, align: 'right' },
      ],
      rows: bill.allocation.apps.map((a) => [a.appId ?? a.id, a.name ?? '', int(a.billable), groupDecimal(a.amount)]),
      empty: L.none,
    });
    blocks.push({
      kind: 'table',
      title: L.operators,
      columns: [
        { header: L.operator, width: 0.4, align: 'left' },
        { header: L.billable, width: 0.3, align: 'right' },
        { header: L.amount, width: 0.3, align: 'right' },
      ],
      rows: bill.allocation.operators.map((o) => [L[o.operator], int(o.billable), groupDecimal(o.amount)]),
      empty: L.none,
    });
  }

  blocks.push({ kind: 'heading', text: L.reconciliation });
  blocks.push({
    kind: 'pairs',
    pairs: [
      [L.status, L[r.status]],
      [L.missing, r.missing.length ? r.missing.map((m) => L[m]).join(', ') : L.none],
      [L.matchedLines, r.basis === 'records' ? `${int(r.matchedLines)} / ${int(r.lineCount)}` : L.linesNotCompared],
      [L.amountLocal, r.basis === 'none' ? '—' : groupDecimal(r.amountLocal)],
      [L.amountPlatform, r.amountPlatform === null ? '—' : groupDecimal(r.amountPlatform)],
      [L.amountFromStatement, r.amountFromStatement === null ? '—' : groupDecimal(r.amountFromStatement)],
      [L.deltaTotal, r.deltaAmount === null ? '—' : groupDecimal(r.deltaAmount)],
    ],
  });
  blocks.push({
    kind: 'table',
    title: L.differences,
    columns: [
      { header: L.date, width: 0.12, align: 'left' },
      { header: L.appId, width: 0.14, align: 'left' },
      { header: L.capability, width: 0.13, align: 'left' },
      { header: L.operator, width: 0.1, align: 'left' },
      { header: L.local, width: 0.14, align: 'right' },
      { header: L.platform, width: 0.14, align: 'right' },
      { header: L.delta, width: 0.1, align: 'right' },
      { header: L.deltaAmount, width: 0.13, align: 'right' },
    ],
    rows: r.differences.map((d) => [
      d.date,
      d.appId ?? d.id,
      L[d.capability],
      L[d.operator],
      int(d.local),
      int(d.platform),
      `${d.delta > 0 ? '+' : ''}${int(d.delta)}`,
      groupDecimal(d.amount),
    ]),
    empty: r.basis === 'records' ? L.noDifferences : L.linesNotCompared,
  });
  if (r.billDifferences.length) {
    blocks.push({
      kind: 'table',
      title: L.billDifferences,
      columns: [
        { header: L.field, width: 0.4, align: 'left' },
        { header: L.localValue, width: 0.3, align: 'right' },
        { header: L.platformValue, width: 0.3, align: 'right' },
      ],
      rows: r.billDifferences.map((d) => [billFieldLabel(d.field, L), d.local, d.platform]),
      empty: L.none,
    });
  }
  blocks.push({ kind: 'note', text: L.fontNote });

  return { locale, title: `${L.statementTitle} · ${bill.month}`, createdAt, blocks, pageOf: L.pageOf, documentIdLabel: L.documentId };
}

/** The document id: a hash of everything the statement says (printed in every page's footer). */
export function documentId(model: StatementModel): string {
  const hex = createHash('sha256').update(JSON.stringify(model)).digest('hex').slice(0, 16).toUpperCase();
  return hex.match(/.{4}/g)!.join('-');
}
