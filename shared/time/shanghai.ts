/**
 * Asia/Shanghai calendar arithmetic. China has used UTC+8 with no daylight saving since
 * 1991, so a fixed offset is exact for every date this console handles; doing it by hand
 * keeps the emulator and the ingest path free of per-call time-zone database lookups
 * (they format millions of timestamps).
 */
export const SHANGHAI_OFFSET_MS = 8 * 3600 * 1000;
const DAY_MS = 86400 * 1000;

const pad2 = (n: number): string => (n < 10 ? '0' : '') + n;
const pad3 = (n: number): string => (n < 10 ? '00' : n < 100 ? '0' : '') + n;

/** `YYYY-MM-DD` of the Shanghai day containing the instant. */
export function shanghaiDate(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}

/** `YYYY-MM` of the Shanghai month containing the instant. */
export function shanghaiMonth(ms: number): string {
  return shanghaiDate(ms).slice(0, 7);
}

/** Hour 0–23 in Shanghai. */
export function shanghaiHour(ms: number): number {
  return new Date(ms + SHANGHAI_OFFSET_MS).getUTCHours();
}

/** ISO 8601 with an explicit +08:00 offset, millisecond precision. */
export function toShanghaiIso(ms: number): string {
  const d = new Date(ms + SHANGHAI_OFFSET_MS);
  return (
    `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}` +
    `T${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}:${pad2(d.getUTCSeconds())}.${pad3(d.getUTCMilliseconds())}+08:00`
  );
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTH_RE = /^(\d{4})-(\d{2})$/;

export function isDate(s: string): boolean {
  const m = DATE_RE.exec(s);
  if (!m) return false;
  const ms = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!);
  return new Date(ms).toISOString().slice(0, 10) === s;
}

export function isMonth(s: string): boolean {
  const m = MONTH_RE.exec(s);
  return !!m && +m[2]! >= 1 && +m[2]! <= 12;
}

/** The instant a Shanghai day starts. */
export function startOfShanghaiDay(date: string): number {
  const m = DATE_RE.exec(date);
  if (!m || !isDate(date)) throw new RangeError(`not a date: ${date}`);
  return Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!) - SHANGHAI_OFFSET_MS;
}

/** The instant a Shanghai month starts. */
export function startOfShanghaiMonth(month: string): number {
  const m = MONTH_RE.exec(month);
  if (!m || !isMonth(month)) throw new RangeError(`not a month: ${month}`);
  return Date.UTC(+m[1]!, +m[2]! - 1, 1) - SHANGHAI_OFFSET_MS;
}

/** [start, end) instants of a Shanghai month. */
export function shanghaiMonthRange(month: string): { start: number; end: number } {
  return { start: startOfShanghaiMonth(month), end: startOfShanghaiMonth(addMonths(month, 1)) };
}

export function addDays(date: string, n: number): string {
  return shanghaiDate(startOfShanghaiDay(date) + n * DAY_MS);
}

export function addMonths(month: string, n: number): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  const idx = y * 12 + (m - 1) + n;
  return `${Math.floor(idx / 12)}-${pad2((idx % 12) + 1)}`;
}

/** Days in a Shanghai month. */
export function daysInMonth(month: string): number {
  const { start, end } = shanghaiMonthRange(month);
  return Math.round((end - start) / DAY_MS);
}

/** Every date of a month, in order. */
export function datesOfMonth(month: string): string[] {
  const first = `${month}-01`;
  return Array.from({ length: daysInMonth(month) }, (_, i) => addDays(first, i));
}

/** Parse an ISO 8601 instant (offset required) to epoch ms; NaN when malformed. */
export function parseIsoInstant(s: string): number {
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(s)) return NaN;
  return Date.parse(s);
}

/**
 * The calendar the console handles: Shanghai years 2000–2099. Every date, month and instant a
 * contract call takes is checked against it (shared/contract/calendar.ts), so the helpers above
 * never see year 0 (which Date.UTC reads as 1900) or step past 9999 into a five-digit year.
 */
export const CALENDAR_FIRST_YEAR = 2000;
export const CALENDAR_LAST_YEAR = 2099;

function yearInCalendar(year: number): boolean {
  return year >= CALENDAR_FIRST_YEAR && year <= CALENDAR_LAST_YEAR;
}

/** A real `YYYY-MM-DD` within the calendar. */
export function isCalendarDate(s: string): boolean {
  return isDate(s) && yearInCalendar(+s.slice(0, 4));
}

/** A `YYYY-MM` within the calendar. */
export function isCalendarMonth(s: string): boolean {
  return isMonth(s) && yearInCalendar(+s.slice(0, 4));
}

/** An ISO 8601 instant with offset whose Shanghai day lies within the calendar. */
export function isCalendarInstant(s: string): boolean {
  const ms = parseIsoInstant(s);
  return Number.isFinite(ms) && yearInCalendar(+shanghaiDate(ms).slice(0, 4));
}
