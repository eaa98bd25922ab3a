/**
 * `triage.explain`: from a failure code or a failed record, the likely causes and what to check
 * (shared/triage), the hour the failures started surging (from the hourly rollups, or the app's
 * failures of that code), and the app changes around that hour — a whitelist edit an hour before
 * a 103511 surge is the first thing an admin should see.
 */
import { lookupCarrierCode, lookupResultCode, lookupCode } from '../../../../shared/codes';
import { ApiError } from '../../../../shared/contract/errors';
import type { TriageChange, TriageExplanation } from '../../../../shared/contract/toolkit';
import type { Operator } from '../../../../shared/platform/domain';
import { diffAppVersions } from '../../../../shared/apps/diff';
import { parseIsoInstant, startOfShanghaiDay } from '../../../../shared/time/shanghai';
import { causeFields, causesFor } from '../../../../shared/triage/causes';
import type { ParsedInput } from '../../../../shared/contract';
import { appsQuery, type StoredApp } from '../apps/apps-query';
import { reviewActivityKind } from '../apps/timeline';
import type { Db } from '../db/open';
import { triageQuery, type RecordRow } from './triage-query';
import { aggregate } from '../records/aggregate';
import { appNamesById, idsForApp, loadApps } from '../records/app-directory';
import type { ResolvedFilter } from '../records/resolve-filter';
import { findSurge, type HourCount } from './surge';

const HOUR_MS = 3_600_000;
/** Changes this long before the failures started are still suspects; a change after the start is not a cause but shown. */
const CHANGES_BEFORE_MS = 72 * HOUR_MS;
const CHANGES_AFTER_MS = 6 * HOUR_MS;
/** An activity and a version this close in time are the same change. */
const SAME_CHANGE_MS = 5_000;
const TOP_APPS = 3;

function appOut(a: StoredApp): NonNullable<TriageExplanation['app']> {
  const d = a.data;
  return {
    id: d.id,
    appId: d.appId,
    name: d.name,
    platform: d.platform,
    status: a.status,
    ipWhitelist: d.ipWhitelist,
    encryption: d.encryption,
    capabilities: d.capabilities,
    packageName: d.packageName,
    packageSignature: d.packageSignature,
    bundleId: d.bundleId,
  };
}

function hourlyFailures(db: Db, f: ResolvedFilter): HourCount[] {
  const counts = new Map<number, number>();
  for (const row of aggregate(db, f, ['date', 'hour'])) {
    const [date, hour] = row.keys as [string, number];
    const at = startOfShanghaiDay(date) + hour * HOUR_MS;
    counts.set(at, (counts.get(at) ?? 0) + row.calls);
  }
  const out: HourCount[] = [];
  for (let at = f.fromMs!; at < f.toMs!; at += HOUR_MS) out.push({ at, failures: counts.get(at) ?? 0 });
  return out;
}

/** App changes in [anchor - 72 h, anchor + 6 h]: versions field by field, plus activities no version explains. */
function changesAround(db: Db, app: StoredApp, anchor: number, relatedFields: ReadonlySet<string>): TriageChange[] {
  const q = appsQuery(db);
  const lo = anchor - CHANGES_BEFORE_MS;
  const hi = anchor + CHANGES_AFTER_MS;
  const out: TriageChange[] = [];
  const versions = q.versions(app.data.id);
  for (let i = 1; i < versions.length; i++) {
    const at = parseIsoInstant(versions[i]!.data.updatedAt);
    if (at < lo || at > hi) continue;
    const fields = diffAppVersions(versions[i - 1]!.data, versions[i]!.data);
    if (fields.length === 0) continue;
    out.push({
      at,
      id: app.data.id,
      name: app.data.name,
      source: 'version',
      fields,
      detail: null,
      related: fields.some((c) => relatedFields.has(c.field)),
      hoursBefore: (anchor - at) / HOUR_MS,
    });
  }
  for (const a of q.activities(app.data.id)) {
    if (a.at < lo || a.at > hi) continue;
    if (a.kind === 'app.reviewed' && reviewActivityKind(a.detail) === null) continue;
    const twin = out.find((c) => c.source === 'version' && Math.abs(c.at - a.at) <= SAME_CHANGE_MS);
    if (twin) {
      twin.detail ??= a.detail;
      continue;
    }
    out.push({
      at: a.at,
      id: app.data.id,
      name: app.data.name,
      source: 'activity',
      fields: [],
      detail: a.detail,
      related: false,
      hoursBefore: (anchor - a.at) / HOUR_MS,
    });
  }
  return out;
}

/**
 * `stored`: the record of `input.seq` when it was read elsewhere (a team store; undefined: there is
 * none); null reads it from `db`.
 */
export function explainFailure(db: Db, input: ParsedInput<'triage.explain'>, now: number, stored: RecordRow | undefined | null = null): TriageExplanation {
  const q = appsQuery(db);
  let record: TriageExplanation['record'] = null;
  let appRef = input.app ?? null;
  let operator: Operator | null = input.operator ?? null;
  const codes: { code: string; operator: Operator | null; field: 'resultCode' | 'carrierCode' | null }[] = [];
  if (input.seq !== undefined) {
    const row = stored === null ? triageQuery(db).record(input.seq) : stored;
    if (!row) throw new ApiError('NOT_FOUND', `no auth record with seq ${input.seq}`);
    if (row.success === 1) throw new ApiError('VALIDATION_FAILED', `record ${input.seq} succeeded: nothing to triage`);
    record = {
      seq: row.seq,
      requestMs: row.request_ms,
      operator: row.operator,
      capability: row.capability,
      resultCode: row.result_code,
      carrierCode: row.carrier_code,
    };
    appRef ??= row.id;
    operator = row.operator;
    if (row.carrier_code && row.carrier_code !== row.result_code) codes.push({ code: row.carrier_code, operator: row.operator, field: 'carrierCode' });
    codes.push({ code: row.result_code, operator: row.operator, field: 'resultCode' });
  } else {
    codes.push({ code: input.code!, operator, field: null });
  }
  // The code whose surge is looked for: the one asked about, or the record's most specific.
  const focus = input.code ?? codes[0]!.code;

  let app: StoredApp | null = null;
  let ids: string[] | null = null;
  if (appRef !== null) {
    app = q.resolve(appRef);
    ids = idsForApp(loadApps(db), appRef);
    if (!app && record === null) throw new ApiError('NOT_FOUND', `no app ${appRef}`);
  }

  const to = input.to !== undefined ? parseIsoInstant(input.to) : record ? record.requestMs + HOUR_MS : now;
  if (Number.isNaN(to)) throw new ApiError('INVALID_INPUT', `to: ${input.to} is not an instant`, { fields: { to: 'not an instant' } });
  // Whole hours, so every hour of the series is one rollup row.
  const toHour = Math.ceil(to / HOUR_MS) * HOUR_MS;
  const fromHour = toHour - input.days * 24 * HOUR_MS;
  const filter: ResolvedFilter = { ids, operator: null, capability: null, success: 0, code: focus, fromMs: fromHour, toMs: toHour, empty: false };
  const hourly = hourlyFailures(db, filter);
  const total = hourly.reduce((n, h) => n + h.failures, 0);
  const surge = findSurge(hourly);
  const firstSeen = hourly.find((h) => h.failures > 0)?.at ?? null;

  const causes = causesFor(codes);
  const relatedFields = new Set(causes.flatMap((c) => causeFields[c.cause]));

  const apps = loadApps(db);
  const names = appNamesById(apps);
  let topApps: TriageExplanation['topApps'] = [];
  if (ids === null) {
    topApps = aggregate(db, filter, ['id'])
      .map((r) => ({ id: String(r.keys[0]), name: names.get(String(r.keys[0])) ?? String(r.keys[0]), failures: r.calls }))
      .sort((a, b) => b.failures - a.failures || a.id.localeCompare(b.id))
      .slice(0, TOP_APPS);
  }

  const anchor = surge?.start ?? (record ? record.requestMs : (firstSeen ?? toHour));
  const suspects = app ? [app] : topApps.map((t) => q.get(t.id)).filter((a): a is StoredApp => a !== null);
  const changes = suspects
    .flatMap((a) => changesAround(db, a, anchor, relatedFields))
    .sort((a, b) => Number(b.related) - Number(a.related) || Math.abs(a.hoursBefore) - Math.abs(b.hoursBefore) || a.at - b.at);

  return {
    codes: codes.map((c) => ({
      code: c.code,
      operator: c.operator,
      entry:
        c.field === 'resultCode'
          ? lookupResultCode(c.code)
          : c.field === 'carrierCode'
            ? lookupCarrierCode(c.code, c.operator)
            : lookupCode(c.code, { operator: c.operator }),
    })),
    causes: causes.map((c) => ({ cause: c.cause, checks: [...c.checks], codes: c.codes, sources: c.sources })),
    record,
    app: app ? appOut(app) : null,
    window: { from: fromHour, to: toHour },
    hourly,
    total,
    surge,
    firstSeen,
    topApps,
    changes,
  };
}
