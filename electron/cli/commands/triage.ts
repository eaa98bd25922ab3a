/**
 * `onetap triage [CODE] [--record SEQ] [--app ID] [--operator OP] [--to ISO] [--days N] [--locale L] [--json]`:
 * the failure triage on the command line (`triage.explain`) — the likely causes of a failure code
 * or a failed record and what to check, the hour its failures started surging, and the app's
 * changes around that hour. Words in zh-CN (default) or English, from shared/triage/messages.
 */
import type { Command } from 'commander';
import type { TriageExplanation } from '../../../shared/contract/toolkit';
import { appLocales, type AppLocale } from '../../../shared/apps/messages';
import { toShanghaiIso } from '../../../shared/time/shanghai';
import { formatTriage, triageMessages } from '../../../shared/triage/messages';
import { intFlag, printJson, UsageError } from '../output';
import { parseFlags, withSession, WORKSPACE_OPTION, workspaceOptions, type WorkspaceFlags } from '../session';

interface Flags extends WorkspaceFlags {
  record?: string;
  app?: string;
  operator?: string;
  to?: string;
  days?: string;
  locale: string;
  json?: boolean;
}

const time = (ms: number): string => toShanghaiIso(ms).slice(0, 16).replace('T', ' ');
const show = (v: unknown): string => (Array.isArray(v) ? v.join(', ') || '—' : v === null || v === undefined || v === '' ? '—' : String(v));

export function formatTriageText(r: TriageExplanation, locale: AppLocale): string {
  const m = triageMessages[locale];
  const L = m.labels;
  const out: string[] = [];
  out.push(
    `${L.codes}: ${r.codes.map((c) => `${c.code}${c.operator ? ` (${c.operator})` : ''} ${c.entry ? (locale === 'zh-CN' ? (c.entry.meaningZh ?? c.entry.meaning) : c.entry.meaningEn) : ''}`.trim()).join(' / ')}`,
  );
  out.push('', `${L.causes}:`);
  for (const c of r.causes) {
    const text = m.causes[c.cause];
    out.push(`● ${text.title}${c.sources.length ? `  [${L.source}: ${c.sources.join('; ')}]` : ''}`);
    for (const check of c.checks) out.push(`  - ${text.checks[check] ?? check}`);
  }
  if (r.app) {
    out.push('', `${L.app}: ${r.app.name} (${r.app.appId ?? r.app.id})`);
    out.push(`  ${L.whitelist}: ${r.app.ipWhitelist.length ? r.app.ipWhitelist.join(', ') : L.whitelistEmpty}`);
    out.push(`  ${L.capabilities}: ${r.app.capabilities.join(', ')}   ${L.encryption}: ${r.app.encryption}`);
  }
  out.push('', `${L.window}: ${time(r.window.from)} – ${time(r.window.to)}`);
  if (r.surge)
    out.push(
      `${L.surge}: ${formatTriage(L.surgeText, { start: time(r.surge.start), peak: r.surge.peak, baseline: r.surge.baseline, failures: r.surge.failures })}`,
    );
  else if (r.total === 0) out.push(L.noFailures);
  else {
    out.push(L.noSurge);
    if (r.firstSeen !== null) out.push(formatTriage(L.firstSeen, { at: time(r.firstSeen) }));
  }
  if (r.topApps.length) out.push(`${L.topApps}: ${r.topApps.map((a) => `${a.name} ${a.failures}`).join(', ')}`);
  out.push('', `${L.changes}:`);
  if (r.changes.length === 0) out.push(`  ${L.noChanges}`);
  for (const c of r.changes) {
    const rel =
      c.hoursBefore >= 0
        ? formatTriage(L.hoursBefore, { hours: c.hoursBefore.toFixed(1) })
        : formatTriage(L.hoursAfter, { hours: (-c.hoursBefore).toFixed(1) });
    out.push(`  ${c.related ? '!' : ' '} ${time(c.at)} (${rel}) ${c.name}${c.related ? `  ← ${L.related}` : ''}`);
    for (const f of c.fields) out.push(`      ${f.field}: ${show(f.before)} → ${show(f.after)}`);
    if (c.fields.length === 0 && c.detail) out.push(`      ${L.activity}: ${c.detail}`);
  }
  return `${out.join('\n')}\n`;
}

export function register(program: Command): void {
  workspaceOptions(
    program
      .command('triage')
      .description('failure triage: likely causes of a failure code or a failed record, the surge start and the app changes around it')
      .argument('[code]', 'a failure code (platform or carrier), e.g. 103511'),
    { db: 'read this workspace database file directly' },
  )
    .option(...WORKSPACE_OPTION)
    .option('--record <seq>', 'a failed auth record (its codes, operator and app)')
    .option('--app <id>', 'the app: internal id or appId')
    .option('--operator <op>', 'CMCC | CUCC | CTCC (a carrier code means different things at each)')
    .option('--to <iso>', 'end of the window looked at (ISO 8601 with offset; default now)')
    .option('--days <n>', 'length of the window in days (1-31)', '7')
    .option('--locale <locale>', 'zh-CN or en-US', 'zh-CN')
    .option('--json', 'print the triage.explain answer as JSON')
    .action(async (code: string | undefined, flags: Flags) => {
      if (!(appLocales as readonly string[]).includes(flags.locale)) throw new UsageError(`--locale must be one of ${appLocales.join(', ')}`);
      const input = await parseFlags('triage.explain', {
        ...(code !== undefined ? { code } : {}),
        ...(flags.record !== undefined ? { seq: intFlag('--record', flags.record, { min: 1 }) } : {}),
        ...(flags.app !== undefined ? { app: flags.app } : {}),
        ...(flags.operator !== undefined ? { operator: flags.operator } : {}),
        ...(flags.to !== undefined ? { to: flags.to } : {}),
        days: intFlag('--days', flags.days, { min: 1, max: 31 }),
      });
      const out = await withSession(flags, { db: 'offline', teamStore: 'triage' }, (s) => s.call('triage.explain', input));
      if (flags.json) printJson(out);
      else process.stdout.write(formatTriageText(out, flags.locale as AppLocale));
    });
}
