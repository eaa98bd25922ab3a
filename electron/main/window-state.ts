/**
 * Remembered window size and place (settings key `window`). Restoring checks the saved
 * rectangle against the displays present now, so a window last seen on a monitor that has
 * since been unplugged comes back centred on a visible one instead of off-screen.
 */
import type { Settings } from '../../shared/contract/settings';

export type SavedWindow = NonNullable<Settings['window']>;

export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const DEFAULT_SIZE = { width: 1280, height: 820 } as const;
export const MIN_SIZE = { width: 960, height: 600 } as const;
// The settings schema's own floor; a smaller saved value would be refused on save.
const SCHEMA_MIN = { width: 400, height: 300 } as const;

export interface InitialBounds {
  width: number;
  height: number;
  x?: number;
  y?: number;
  maximized: boolean;
}

function overlap(a: Rect, b: Rect): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/** Where to open the window, given what was saved and the displays' work areas now. */
export function initialBounds(saved: Settings['window'], workAreas: readonly Rect[]): InitialBounds {
  const primary = workAreas[0];
  const fit = (w: number, h: number, area: Rect | undefined) => ({
    width: Math.max(SCHEMA_MIN.width, area ? Math.min(w, area.width) : w),
    height: Math.max(SCHEMA_MIN.height, area ? Math.min(h, area.height) : h),
  });
  if (!saved) return { ...fit(DEFAULT_SIZE.width, DEFAULT_SIZE.height, primary), maximized: false };
  if (saved.x === undefined || saved.y === undefined) {
    return { ...fit(saved.width, saved.height, primary), maximized: saved.maximized };
  }
  const rect: Rect = { x: saved.x, y: saved.y, width: saved.width, height: saved.height };
  let best: Rect | undefined;
  let bestArea = 0;
  for (const a of workAreas) {
    const o = overlap(rect, a);
    if (o > bestArea) {
      best = a;
      bestArea = o;
    }
  }
  // Keep the place only if a good part of the title bar region is on a display.
  const visibleEnough =
    best !== undefined && overlap({ ...rect, height: Math.min(rect.height, 48) }, best) >= Math.min(rect.width, 160) * Math.min(rect.height, 48) * 0.5;
  if (!visibleEnough) return { ...fit(saved.width, saved.height, primary), maximized: saved.maximized };
  return { ...fit(saved.width, saved.height, best), x: saved.x, y: saved.y, maximized: saved.maximized };
}

/** What to save: the normal (restored) bounds even when maximized, so un-maximizing still works next time. */
export function windowToSave(normal: Rect, maximized: boolean): SavedWindow {
  return {
    width: Math.max(SCHEMA_MIN.width, Math.min(10_000, Math.round(normal.width))),
    height: Math.max(SCHEMA_MIN.height, Math.min(10_000, Math.round(normal.height))),
    x: Math.round(normal.x),
    y: Math.round(normal.y),
    maximized,
  };
}
