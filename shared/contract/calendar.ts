/**
 * Dates, months and instants as contract inputs: well-formed AND within the console's calendar
 * (Shanghai years 2000–2099, shared/time/shanghai.ts). Out-of-range input is INVALID_INPUT at
 * every door, never a RangeError deep in a handler (a 500).
 */
import * as z from 'zod';
import { CALENDAR_FIRST_YEAR, CALENDAR_LAST_YEAR, isCalendarDate, isCalendarInstant, isCalendarMonth } from '../time/shanghai';

const range = `${CALENDAR_FIRST_YEAR}–${CALENDAR_LAST_YEAR}`;

export const calendarMonthSchema = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'a month as YYYY-MM')
  .refine(isCalendarMonth, `a month in the years ${range}`);

export const calendarDateSchema = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'a date as YYYY-MM-DD')
  .refine(isCalendarDate, `a real date in the years ${range}`);

/** A bare date (that Shanghai day's start) or an instant with offset, within the calendar. */
export const calendarDateOrInstantSchema = z
  .string()
  .regex(
    /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2}))?$/,
    'an ISO 8601 date or instant with offset (a bare date is a Shanghai day)',
  )
  .refine((s) => (s.length === 10 ? isCalendarDate(s) : isCalendarInstant(s)), `a real date or instant in the years ${range}`);
