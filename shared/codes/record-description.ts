/**
 * The catalogue's description of an auth record's result: the text the platform puts in a record's
 * `description` is, as a rule, the return-code table's own wording (seed 000 §4.6–4.8, 001 §8.2, 003
 * §4.3) for the record's carrier code in its operator's context, or, when the record carries no
 * carrier code, for its platform result code. The compact store keeps no text of its own for a
 * record whose description is exactly this (store/record-codec.ts); others keep theirs.
 */
import type { Operator } from '../platform/domain';
import { lookupCarrierCode, lookupResultCode } from './lookup';

/** Whose text describes a record: its carrier code's (`carrier`) when it has one, else its result code's. */
export type DescribedBy = 'carrier' | 'result';

/** The catalogue's text (the seed's own wording, `meaning`) for a code of a record at `operator`, or null when no table has it. */
export function catalogueDescription(operator: Operator, by: DescribedBy, code: string): string | null {
  const entry = by === 'carrier' ? lookupCarrierCode(code, operator) : lookupResultCode(code);
  return entry?.meaning ?? null;
}
