/**
 * Times as real spreadsheet dates. A spreadsheet date has no time zone: it is the wall clock.
 * The console's days are Asia/Shanghai, so a time is written as the serial number (days since
 * 1899-12-30) of its Shanghai wall clock, shown with a date display format. The serial is
 * written with at most 10 decimals (well under a millisecond): a longer run of digits could
 * look like a whole phone number to the exports' phone guard.
 */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;

export const DATE_TIME_FORMAT = 'yyyy-mm-dd hh:mm:ss';
export const DATE_FORMAT = 'yyyy-mm-dd';

/** Epoch ms → the Date holding its Shanghai wall clock. */
export function shanghaiWallClock(ms: number): Date {
  return new Date(ms + SHANGHAI_OFFSET_MS);
}

/** "YYYY-MM-DD" (a Shanghai day) → the Date of its midnight, wall clock. */
export function spreadsheetDay(date: string): Date {
  return new Date(`${date}T00:00:00Z`);
}

const EXCEL_EPOCH_DAYS = 25_569; // 1970-01-01 as a spreadsheet serial

/** A wall-clock Date (UTC fields) → its spreadsheet serial. */
export function spreadsheetSerial(wall: Date): number {
  return Number((wall.getTime() / 86_400_000 + EXCEL_EPOCH_DAYS).toFixed(10));
}

/** An ISO time with an offset ("2026-11-15T12:00:00.000+08:00") → the Date of its Shanghai wall clock, or null. */
export function spreadsheetTime(iso: string): number | null {
  const ms = Date.parse(iso);
  return Number.isFinite(ms) ? spreadsheetSerial(shanghaiWallClock(ms)) : null;
}
