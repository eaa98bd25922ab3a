// Which catalogue entries fit a record's operator. Kept apart from the catalogue, so the renderer's
// dictionary highlights rows by the same rule the main process ranks them by, without the catalogue.
import type { Operator } from '../platform/domain';
import type { RecordCodeField } from './types';

/** An entry fits when no operator is asked for, it is operator-neutral, or it is that operator's. */
export function fitsOperator(entry: { operator: Operator | null }, operator: Operator | null): boolean {
  return operator === null || entry.operator === null || entry.operator === operator;
}

/**
 * The operator that narrows the decoding of a record's field: its carrier code is read in that
 * operator's tables; its result code is the platform's vocabulary whatever the carrier (the verify
 * codes are printed in China Mobile's documents but the platform returns them for all).
 */
export function decodingOperator(field: RecordCodeField, operator: Operator | null | undefined): Operator | null {
  return field === 'carrierCode' ? (operator ?? null) : null;
}
