/**
 * The printable statement of a month as one self-contained HTML document (inline CSS, no
 * scripts, no external resources) for the shell's printToPDF. Every text that came from the
 * platform or the user (app names) is escaped: the renderer of this HTML must never run it.
 */
import type { MonthBillOutput, ReconcileOutput } from '../../../../../shared/contract/billing';
import { toShanghaiIso } from '../../../../../shared/time/shanghai';
import { exportLabels, type ExportLocale } from './labels';

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ESC[c]!);
}

const num = (n: number): string => n.toLocaleString('en-US');

function table(headers: string[], rows: string[][], numericFrom = 1): string {
  const th = headers.map((h, i) => `<th${i >= numericFrom ? ' class="n"' : ''}>${escapeHtml(h)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((c, i) => `<td${i >= numericFrom ? ' class="n"' : ''}>${escapeHtml(c)}</td>`).join('')}</tr>`).join('');
  return `<table><thead><tr>${th}</tr></thead><tbody>${body}</tbody></table>`;
}

const CSS = `
@page { size: A4; margin: 16mm 14mm; }
* { box-sizing: border-box; }
body { font-family: "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", sans-serif; color: #1f2329; font-size: 10.5pt; margin: 0; }
h1 { font-size: 16pt; margin: 0 0 2mm; }
h2 { font-size: 12pt; margin: 7mm 0 2mm; border-bottom: 1px solid #d0d3d6; padding-bottom: 1mm; }
.meta { color: #646a73; font-size: 9pt; }
.cards { display: flex; gap: 4mm; margin-top: 5mm; }
.card { flex: 1; border: 1px solid #d0d3d6; border-radius: 2mm; padding: 3mm; }
.card .k { color: #646a73; font-size: 8.5pt; }
.card .v { font-size: 14pt; font-weight: 600; margin-top: 1mm; }
table { width: 100%; border-collapse: collapse; font-size: 9.5pt; }
th, td { border-bottom: 1px solid #e4e6e8; padding: 1.4mm 2mm; text-align: left; }
th { background: #f2f3f5; font-weight: 600; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tr { page-break-inside: avoid; }
table + table { margin-top: 4mm; }
.foot { margin-top: 8mm; color: #8f959e; font-size: 8.5pt; }
`;

export interface StatementInput {
  bill: MonthBillOutput;
  reconciliation: ReconcileOutput | null;
  workspaceName: string;
  locale: ExportLocale;
}

export function statementHtml({ bill, reconciliation, workspaceName, locale }: StatementInput): string {
  const L = exportLabels(locale);
  const card = (k: string, v: string): string => `<div class="card"><div class="k">${escapeHtml(k)}</div><div class="v">${escapeHtml(v)}</div></div>`;
  const parts: string[] = [];
  parts.push(`<h1>${escapeHtml(L.statementTitle)} · ${escapeHtml(bill.month)}</h1>`);
  parts.push(
    `<div class="meta">${escapeHtml(workspaceName)} · ${escapeHtml(L[bill.status])} · ${escapeHtml(L.ladderSource)}: ${escapeHtml(
      bill.ladder.source === 'platform' ? L.platformSource : L.defaultSource,
    )}</div>`,
  );
  parts.push(`<div class="cards">${card(L.billable, num(bill.calls))}${card(L.packageCovered, num(bill.packageCovered))}${card(L.charged, num(bill.charged))}${card(L.amount, `¥ ${bill.amount}`)}</div>`);

  parts.push(`<h2>${escapeHtml(L.tiers)}</h2>`);
  parts.push(
    table(
      [L.from, L.to, L.unitPrice, L.count, L.amount],
      bill.tiers.map((t) => [num(t.from), t.to === null ? L.unlimited : num(t.to), t.unitPrice, num(t.count), t.amount]),
      0,
    ),
  );
  parts.push(
    table(
      [L.capability, L.billable],
      [
        [L.login, num(bill.billableByCapability.login)],
        [L.verify, num(bill.billableByCapability.verify)],
      ],
    ),
  );

  parts.push(`<h2>${escapeHtml(L.apps)}</h2>`);
  parts.push(table([L.appId, L.app, L.billable, L.amount], bill.allocation.apps.map((a) => [a.appId ?? a.id, a.name ?? '', num(a.billable), a.amount]), 2));
  parts.push(`<h2>${escapeHtml(L.operators)}</h2>`);
  parts.push(table([L.operator, L.billable, L.amount], bill.allocation.operators.map((o) => [L[o.operator], num(o.billable), o.amount])));

  if (reconciliation) {
    const r = reconciliation;
    parts.push(`<h2>${escapeHtml(L.reconciliation)}</h2>`);
    parts.push(
      table(
        [L.item, L.value],
        [
          [L.status, L[r.status]],
          [L.missing, r.missing.length ? r.missing.map((m) => L[m]).join(', ') : L.none],
          [L.matchedLines, `${num(r.matchedLines)} / ${num(r.lineCount)}`],
          [L.amountLocal, r.amountLocal],
          [L.amountPlatform, r.amountPlatform ?? '—'],
          [L.deltaTotal, r.deltaAmount ?? '—'],
        ],
      ),
    );
    if (r.differences.length) {
      parts.push(
        table(
          [L.date, L.appId, L.capability, L.operator, L.local, L.platform, L.delta, L.deltaAmount],
          r.differences.map((d) => [d.date, d.appId ?? d.id, L[d.capability], L[d.operator], num(d.local), num(d.platform), num(d.delta), d.amount]),
          4,
        ),
      );
    }
  }
  const at = toShanghaiIso(bill.generatedAt);
  parts.push(`<div class="foot">${escapeHtml(L.generatedAt)}: ${escapeHtml(`${at.slice(0, 10)} ${at.slice(11, 19)} (UTC+8)`)}</div>`);
  const lang = locale === 'en-US' ? 'en' : 'zh-CN';
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:"><title>${escapeHtml(
    `${L.statementTitle} ${bill.month}`,
  )}</title><style>${CSS}</style></head><body>${parts.join('\n')}</body></html>`;
}
