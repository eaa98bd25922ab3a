// Contract entries for the 'codes' area: the return-code dictionary (shared/codes).
import * as z from 'zod';
import { defineCall } from './define';
import { operators } from '../platform/domain';
// types.ts only (no table data), so the contract stays light wherever it is imported.
import { codeKinds, codeSourceIds, recordCodeFields } from '../codes/types';
import { codeEntrySchema } from './code-entry';

// The entry schema has a module of its own (code-entry.ts) so the records contract can use it
// without building this area's schemas (issue 13: `onetap records search`'s start); re-exported here.
export { codeEntrySchema } from './code-entry';

export const codeSourceSchema = z.object({
  source: z.enum(codeSourceIds),
  title: z.string(),
  titleEn: z.string(),
  document: z.string(),
  operator: z.enum(operators).nullable(),
  kind: z.enum(codeKinds),
  count: z.number().int().nonnegative(),
});

export const codesSearchInputSchema = z
  .object({
    /** Code prefix, or a substring of the meaning (Chinese or English). */
    q: z.string().max(200).optional(),
    source: z.enum(codeSourceIds).optional(),
    operator: z.enum(operators).optional(),
    kind: z.enum(codeKinds).optional(),
    /** Where the code was read (a record's field and operator): exact matches come in that decoding's order. */
    prefer: z
      .object({ field: z.enum(recordCodeFields).optional(), operator: z.enum(operators).nullable().optional() })
      .strict()
      .optional(),
    limit: z.number().int().min(1).max(500).default(50),
    offset: z.number().int().min(0).default(0),
  })
  .strict();

export const codesCalls = {
  'codes.search': defineCall({
    summary: 'Search the return-code dictionary (every code table of the seed documents); also lists the tables.',
    input: codesSearchInputSchema,
    output: z.object({
      total: z.number().int().nonnegative(),
      items: z.array(codeEntrySchema),
      /** Every table of the catalogue (not only the matching ones), for the source picker. */
      sources: z.array(codeSourceSchema),
    }),
  }),
  'codes.lookup': defineCall({
    summary: "Decode one code: the best entry for the context (a record's resultCode or carrierCode, its operator) and every match.",
    input: z
      .object({
        code: z.string().trim().min(1).max(32),
        /** Which auth-record field the code came from; picks which tables are tried first. */
        field: z.enum(recordCodeFields).optional(),
        operator: z.enum(operators).nullable().optional(),
      })
      .strict(),
    output: z.object({
      best: codeEntrySchema.nullable(),
      /** Every entry with this code that fits the context, best first. */
      matches: z.array(codeEntrySchema),
    }),
  }),
} as const;
export const codesEvents = {} as const;
