/**
 * One message for many notices. A page that opens a hundred episodes would otherwise send a
 * hundred desktop notifications and a hundred messages to every robot (DingTalk's custom robot
 * takes about 20 a minute and drops the rest): from DIGEST_FROM notices in one round a channel,
 * and the desktop, get a single digest naming how many there are and the worst few, pointing to
 * the inbox; every alert in it still records its delivery (with the digest's result). The
 * threshold and the ranking are shared with the renderer (shared/alerts/digest.ts).
 */
import { localDetail } from '../../../../shared/alerts/detail-text';
import type { Alert } from '../../../../shared/contract/alerts';
import { DIGEST_TOP, rankTold, type Told } from '../../../../shared/alerts/digest';
import { eventTitles, ruleTitles } from '../../../../shared/alerts/rule-titles';
import { toShanghaiIso } from '../../../../shared/time/shanghai';
import type { RobotMessage } from './channels/robots';

export type Locale = 'zh-CN' | 'en-US';

function counts(items: readonly Told[], locale: Locale): string {
  const n = { fired: 0, repeated: 0, resolved: 0 };
  for (const x of items) n[x.kind]++;
  return (['fired', 'repeated', 'resolved'] as const)
    .filter((k) => n[k] > 0)
    .map((k) => `${eventTitles[locale][k]} ${n[k]}`)
    .join(' · ');
}

export function digestTitle(count: number, locale: Locale): string {
  return locale === 'zh-CN' ? `[告警摘要] ${count} 条告警` : `[Alert digest] ${count} alerts`;
}

const line = (x: Told, locale: Locale) => `${eventTitles[locale][x.kind]} · ${ruleTitles[locale][x.alert.rule]}: ${localDetail(locale, x.alert)}`;

function more(rest: number, locale: Locale): string {
  return locale === 'zh-CN' ? `另有 ${rest} 条，请在 onetap-console 的告警收件箱查看` : `and ${rest} more: see the alerts inbox in onetap-console`;
}

/** A robot's digest: the counts by kind, the top alerts' lines, how many more; the webhook's data names every alert. */
export function digestMessage(items: readonly Told[], locale: Locale): RobotMessage {
  const ranked = rankTold(items);
  const top = ranked.slice(0, DIGEST_TOP);
  const lines = [counts(items, locale), ...top.map((x) => line(x, locale))];
  if (ranked.length > top.length) lines.push(more(ranked.length - top.length, locale));
  return {
    title: digestTitle(items.length, locale),
    lines,
    data: {
      event: 'digest',
      count: items.length,
      alerts: ranked.map((x) => ({
        event: x.kind,
        id: x.alert.id,
        rule: x.alert.rule,
        scope: x.alert.scope,
        since: toShanghaiIso(x.alert.since),
        detail: x.alert.detail,
        ...(x.kind === 'resolved' ? { resolvedAt: x.alert.resolvedAt === null ? null : toShanghaiIso(x.alert.resolvedAt) } : {}),
      })),
    },
  };
}

/** The desktop's digest notification: its title and body (the top few lines; a notification shows little more). */
export function digestNotice(items: readonly Told[], locale: Locale): { title: string; body: string; top: Alert } {
  const ranked = rankTold(items);
  const top = ranked.slice(0, 3);
  const body = [counts(items, locale), ...top.map((x) => `${ruleTitles[locale][x.alert.rule]}: ${localDetail(locale, x.alert)}`)];
  if (ranked.length > top.length) body.push(more(ranked.length - top.length, locale));
  return { title: digestTitle(items.length, locale), body: body.join('\n').slice(0, 500), top: ranked[0]!.alert };
}
