// One auth record as the contract returns it (records.search, the billing reconcile's records).
// Its own module so the billing contract can use it without loading the records area's contract.
import * as z from 'zod';
import { capabilities, operators, verifyOutcomes } from '../platform/domain';

/** One auth record as every view, the CLI and exports show it. The phone is always masked. */
export const recordItemSchema = z.object({
  seq: z.number().int().positive(),
  recordId: z.string(),
  /** App (platform internal id). */
  id: z.string(),
  /** Issued appId. */
  appId: z.string(),
  /** From the local apps table; null when the app was never synced. */
  appName: z.string().nullable(),
  capability: z.enum(capabilities),
  operator: z.enum(operators),
  /** ISO 8601 with +08:00. */
  requestTime: z.string(),
  resultCode: z.string(),
  success: z.boolean(),
  outcome: z.enum(verifyOutcomes).nullable(),
  carrierCode: z.string().nullable(),
  /** The platform's own (Chinese) description of the result. */
  description: z.string(),
  /** The carrier code decoded from the return-code dictionary (best match for the operator). */
  carrierMeaning: z.string().nullable(),
  carrierMeaningEn: z.string().nullable(),
  maskedPhone: z.string().nullable(),
  authType: z.string().nullable(),
  clientIp: z.string().nullable(),
  traceId: z.string(),
  billable: z.boolean(),
});
export type RecordItem = z.output<typeof recordItemSchema>;
