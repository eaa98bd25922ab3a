/**
 * The opaque keyset cursor of `records.search`: the (request time, seq) of the last row served.
 * Versioned and base64url so callers treat it as a token, not as something to build by hand.
 */
import { ApiError } from '../../../../shared/contract/errors';

export interface Cursor {
  ms: number;
  seq: number;
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`r1:${c.ms}:${c.seq}`, 'utf8').toString('base64url');
}

export function decodeCursor(token: string): Cursor {
  const m = /^r1:(-?\d{1,16}):(\d{1,16})$/.exec(Buffer.from(token, 'base64url').toString('utf8'));
  const ms = m ? Number(m[1]) : NaN;
  const seq = m ? Number(m[2]) : NaN;
  if (!Number.isSafeInteger(ms) || !Number.isSafeInteger(seq)) {
    throw new ApiError('INVALID_INPUT', 'after: not a cursor returned by records.search', { fields: { after: 'not a cursor returned by records.search' } });
  }
  return { ms, seq };
}
