/**
 * Times on screen are Asia/Shanghai wall-clock times, whatever the computer's own zone: the
 * platform, its bills and its day boundaries are all in Beijing time.
 */
import { toShanghaiIso } from '../../shared/time/shanghai';
import { MISSING } from './number-format';

export type Instant = number | string | Date;

function toMs(t: Instant | null | undefined): number | null {
  if (t === null || t === undefined) return null;
  const ms = typeof t === 'number' ? t : t instanceof Date ? t.getTime() : Date.parse(t);
  return Number.isFinite(ms) ? ms : null;
}

/** "2026-11-22 14:03:05" */
export function formatShanghaiDateTime(t: Instant | null | undefined): string {
  const ms = toMs(t);
  if (ms === null) return MISSING;
  const iso = toShanghaiIso(ms);
  return `${iso.slice(0, 10)} ${iso.slice(11, 19)}`;
}

/** "2026-11-22 14:03" */
export function formatShanghaiMinute(t: Instant | null | undefined): string {
  const s = formatShanghaiDateTime(t);
  return s === MISSING ? s : s.slice(0, 16);
}

/** "2026-11-22" */
export function formatShanghaiDate(t: Instant | null | undefined): string {
  const ms = toMs(t);
  return ms === null ? MISSING : toShanghaiIso(ms).slice(0, 10);
}

/** "14:03:05" */
export function formatShanghaiTime(t: Instant | null | undefined): string {
  const ms = toMs(t);
  return ms === null ? MISSING : toShanghaiIso(ms).slice(11, 19);
}

const relativeCache = new Map<string, Intl.RelativeTimeFormat>();

/**
 * "3 分钟前" / "3 minutes ago"; for "last synced" style labels. Never in the future: every time shown
 * this way is something that happened, so a stamp a little ahead of `now` (a clock that ticks every
 * few seconds, or a main process a moment ahead) reads "now" rather than "8 秒钟后".
 */
export function formatRelativeTime(t: Instant | null | undefined, now: number, locale: string): string {
  const ms = toMs(t);
  if (ms === null) return MISSING;
  let f = relativeCache.get(locale);
  if (!f) relativeCache.set(locale, (f = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })));
  const diffSec = Math.min(0, Math.round((ms - now) / 1000));
  const abs = Math.abs(diffSec);
  if (abs < 60) return f.format(diffSec, 'second');
  if (abs < 3600) return f.format(Math.round(diffSec / 60), 'minute');
  if (abs < 86400) return f.format(Math.round(diffSec / 3600), 'hour');
  return f.format(Math.round(diffSec / 86400), 'day');
}
