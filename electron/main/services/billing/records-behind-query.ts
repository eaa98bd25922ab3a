/**
 * `billing.reconcileRecords`: the auth records behind one reconciliation line — one Shanghai
 * day of one app, capability and operator — newest first, a keyset page at a time. The app
 * index (id, request_ms DESC, seq DESC) serves it directly: the day bounds the scan.
 */
import * as z from 'zod';
import { ApiError } from '../../../../shared/contract/errors';
import type { reconcileRecordsInputSchema, reconcileRecordsSchema } from '../../../../shared/contract/billing';
import { addDays, startOfShanghaiDay } from '../../../../shared/time/shanghai';
import type { Db } from '../db/open';
import { carrierDecoder, toRecordItem, type RecordRow } from '../records/record-item';
import { billingRepo } from './billing-repo';

type Input = z.output<typeof reconcileRecordsInputSchema>;
type Output = z.output<typeof reconcileRecordsSchema>;

const COLUMNS =
  'seq, record_id, id, app_id, capability, operator, request_ms, result_code, success, outcome, carrier_code, description, masked_phone, auth_type, client_ip, trace_id, billable';

function encodeAfter(ms: number, seq: number): string {
  return Buffer.from(`b1:${ms}:${seq}`, 'utf8').toString('base64url');
}

function decodeAfter(token: string): { ms: number; seq: number } {
  const m = /^b1:(-?\d{1,16}):(\d{1,16})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  if (!m)
    throw new ApiError('INVALID_INPUT', 'after: not a cursor returned by billing.reconcileRecords', {
      fields: { after: 'not a cursor returned by billing.reconcileRecords' },
    });
  return { ms: Number(m[1]), seq: Number(m[2]) };
}

export interface RecordsBehindQuery {
  /** One keyset page of the records behind a reconciliation line, with the line's totals. */
  page(input: Input): Output;
}

export function recordsBehindQuery(db: Db): RecordsBehindQuery {
  const repo = billingRepo(db);
  return {
    page(input) {
      const lo = startOfShanghaiDay(input.date);
      const hi = startOfShanghaiDay(addDays(input.date, 1));
      const after = input.after ? decodeAfter(input.after) : null;
      const terms = ['id = ?', 'request_ms >= ?', 'request_ms < ?', 'capability = ?', 'operator = ?'];
      const params: unknown[] = [input.id, lo, hi, input.capability, input.operator];
      if (input.billable !== undefined) {
        terms.push('billable = ?');
        params.push(input.billable ? 1 : 0);
      }
      if (after) {
        terms.push('(request_ms < ? OR (request_ms = ? AND seq < ?))');
        params.push(after.ms, after.ms, after.seq);
      }
      const rows = db
        .prepare(`SELECT ${COLUMNS} FROM auth_records WHERE ${terms.join(' AND ')} ORDER BY request_ms DESC, seq DESC LIMIT ?`)
        .all(...params, input.limit + 1) as RecordRow[];
      const page = rows.slice(0, input.limit);
      const last = page[page.length - 1];
      const name = repo.appName(input.id);
      const names = new Map<string, string>(name === null ? [] : [[input.id, name]]);
      const decode = carrierDecoder();
      return {
        totals: repo.lineTotals(input.date, input.id, input.capability, input.operator),
        items: page.map((r) => toRecordItem(r, names, decode)),
        next: rows.length > input.limit && last ? encodeAfter(last.request_ms, last.seq) : null,
      };
    },
  };
}
