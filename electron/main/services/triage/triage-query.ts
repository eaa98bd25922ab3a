/** The triage's reads of auth_records: one failed record's codes and time. */
import type { Operator } from '../../../../shared/platform/domain';
import type { Db } from '../db/open';

export interface RecordRow {
  seq: number;
  id: string;
  request_ms: number;
  operator: Operator;
  capability: 'login' | 'verify';
  result_code: string;
  carrier_code: string | null;
  success: number;
}

export interface TriageQuery {
  record(seq: number): RecordRow | undefined;
}

export function triageQuery(db: Db): TriageQuery {
  const bySeq = db.prepare<[number], RecordRow>(
    'SELECT seq, id, request_ms, operator, capability, result_code, carrier_code, success FROM auth_records WHERE seq = ?',
  );
  return { record: (seq) => bySeq.get(seq) };
}
