/**
 * The opaque keyset cursor of `records.search`: the (request time, seq) of the last row served,
 * and the order it was served in (a cursor of the oldest-first order reads `r1a:`), so a cursor
 * cannot continue a page of the other order. Versioned and base64url so callers treat it as a
 * token, not as something to build by hand.
 */
import { ApiError } from '../../../../shared/contract/errors';

export interface Cursor {
  ms: number;
  seq: number;
  /** Served oldest first (records.search `order: 'asc'`); newest first when absent. */
  asc?: boolean;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.asc ? 'r1a' : 'r1'}:${c.ms}:${c.seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(token: string): Cursor {
  const m = /^r1(a?):(-?\d{1,16}):(\d{1,16})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  const ms = m ? Number(m[2]) : NaN;
  const seq = m ? Number(m[3]) : NaN;
  if (!Number.isSafeInteger(ms) || !Number.isSafeInteger(seq)) {
    throw new ApiError('INVALID_INPUT', 'after: not a cursor returned by records.search', { fields: { after: 'not a cursor returned by records.search' } });
  }
  return m![1] ? { ms, seq, asc: true } : { ms, seq };
}

/** The cursor of `after` for a page in `order`; a cursor served in the other order is refused. */
export function cursorFor(token: string | undefined, order: 'asc' | 'desc'): Cursor | null {
  if (token === undefined) return null;
  const c = decodeCursor(token);
  if (!!c.asc !== (order === 'asc')) {
    const message = `after: a cursor of the ${c.asc ? 'oldest-first' : 'newest-first'} order cannot continue the ${order === 'asc' ? 'oldest-first' : 'newest-first'} one`;
    throw new ApiError('INVALID_INPUT', message, { fields: { after: message } });
  }
  return c;
}
