// One entry of the return-code dictionary as the contract returns it (codes.*, a record's detail,
// the toolkit's decoders). Its own module so the records contract can use it without loading the
// codes area's contract (issue 13).
import * as z from 'zod';
import { operators } from '../platform/domain';
// types.ts only (no table data), so the contract stays light wherever it is imported.
import { codeKinds, codeSourceIds } from '../codes/types';

export const codeEntrySchema = z.object({
  source: z.enum(codeSourceIds),
  document: z.string(),
  operator: z.enum(operators).nullable(),
  kind: z.enum(codeKinds),
  code: z.string(),
  meaning: z.string(),
  meaningEn: z.string(),
  meaningZh: z.string().optional(),
});
