import * as z from 'zod';
import { capabilities, operators } from '../platform/domain';
import { calendarDateOrInstantSchema } from './calendar';

const isoInstant = calendarDateOrInstantSchema;

/**
 * The auth-record filter shared by the Records view, `records.search`, `onetap records search`
 * and every export: one definition so an export of a filter holds exactly what the search shows.
 * Time range is [from, to) in instants; a bare date means that Shanghai day's start.
 */
export const recordsFilterSchema = z
  .object({
    /** Platform internal app id (`id`) or issued appId: both match. */
    app: z.string().min(1).max(64).optional(),
    /** Substring of the app name. */
    appName: z.string().min(1).max(100).optional(),
    operator: z.enum(operators).optional(),
    capability: z.enum(capabilities).optional(),
    result: z.enum(['success', 'failure']).optional(),
    /** Platform result code (e.g. 10105) or carrier code. */
    code: z.string().min(1).max(16).optional(),
    from: isoInstant.optional(),
    to: isoInstant.optional(),
  })
  .strict();
export type RecordsFilter = z.output<typeof recordsFilterSchema>;
