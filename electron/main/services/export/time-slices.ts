/**
 * How a parallel export cuts its range into time slices of about `rowsPerSlice` matching records,
 * newest first, without reading a row: widths follow the density of matches (the count over the
 * stored span at first, then what the last finished slice held), so a slice stays near its size
 * through quiet nights and busy days alike. Only the sizes are estimates: together the slices are
 * always exactly the filter's range, [fromMs, toMs), without overlap.
 */
import type { TimeSlice } from './record-source';

export interface SliceCutter {
  /** The next slice, older than the last; null after the one reaching the range's start. */
  next(): TimeSlice | null;
  /** A slice was read: it held `rows` matches. */
  done(slice: TimeSlice, rows: number): void;
}

/** How far one finished slice may move the density estimate, either way. */
const MAX_STEP = 4;

export function sliceCutter(
  range: { fromMs: number | null; toMs: number | null },
  span: { first: number; last: number } | null,
  total: number,
  rowsPerSlice: number,
): SliceCutter {
  let finished = false;
  if (!span || total <= rowsPerSlice) {
    return {
      next() {
        if (finished) return null;
        finished = true;
        return { lo: range.fromMs, hi: range.toMs };
      },
      done() {},
    };
  }
  // Matches are in [first, last]: cut from just above the newest down to the oldest.
  let cut = span.last + 1;
  let hi: number | null = range.toMs;
  let density = total / Math.max(1, cut - span.first);
  return {
    next() {
      if (finished) return null;
      const lo = cut - Math.max(1, Math.round(rowsPerSlice / density));
      if (lo <= span.first) {
        finished = true;
        return { lo: range.fromMs, hi };
      }
      const slice = { lo, hi };
      hi = cut = lo;
      return slice;
    },
    done(slice, rows) {
      if (slice.lo === null || slice.hi === null || slice.hi <= slice.lo) return;
      const seen = rows / (slice.hi - slice.lo);
      density = Math.min(density * MAX_STEP, Math.max(density / MAX_STEP, seen));
    },
  };
}
