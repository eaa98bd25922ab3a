/**
 * A table's column layout (order, hidden columns, dragged widths) applied to the columns a view
 * defines. The view's columns stay the truth for what exists: a saved key the view no longer has
 * is ignored, a column the saved order does not know yet appears where the view puts it.
 */
import type { TableLayout } from '../../../shared/contract/settings';

export interface LayoutColumn {
  key: string;
  /** A column that cannot be hidden (the one that identifies the row). */
  required?: boolean;
}

export const emptyLayout = (): TableLayout => ({ order: [], hidden: [], widths: {} });

/** The view's columns in the saved order; new columns keep their place relative to the view's order. */
export function orderedKeys(viewKeys: readonly string[], layout: TableLayout): string[] {
  const known = layout.order.filter((k) => viewKeys.includes(k));
  const out = [...known];
  viewKeys.forEach((k, i) => {
    if (out.includes(k)) return;
    // Place it after the nearest column that precedes it in the view's order.
    const before = viewKeys
      .slice(0, i)
      .reverse()
      .find((p) => out.includes(p));
    out.splice(before === undefined ? 0 : out.indexOf(before) + 1, 0, k);
  });
  return out;
}

/**
 * The columns to draw, in order, without the hidden ones (required columns always show), widths applied.
 * A column the view pins to an edge (`fixed`, e.g. the row's actions, so they stay in sight when the
 * table scrolls sideways) stays pinned only while the user's order leaves it at that edge.
 */
export function applyLayout<C extends LayoutColumn & { width?: number | string; fixed?: 'left' | 'right' }>(columns: readonly C[], layout: TableLayout): C[] {
  const byKey = new Map(columns.map((c) => [c.key, c]));
  const shown = orderedKeys(
    columns.map((c) => c.key),
    layout,
  )
    .map((k) => byKey.get(k)!)
    .filter((c) => c.required || !layout.hidden.includes(c.key));
  return shown.map((c, i) => {
    const width = layout.widths[c.key] !== undefined ? { width: layout.widths[c.key] } : {};
    const offEdge = (c.fixed === 'right' && i !== shown.length - 1) || (c.fixed === 'left' && i !== 0);
    return offEdge ? { ...c, ...width, fixed: undefined } : { ...c, ...width };
  });
}

export function withHidden(layout: TableLayout, key: string, hidden: boolean): TableLayout {
  const rest = layout.hidden.filter((k) => k !== key);
  return { ...layout, hidden: hidden ? [...rest, key] : rest };
}

/** Moves a column one place earlier (-1) or later (+1) among the view's columns. */
export function withMoved(layout: TableLayout, viewKeys: readonly string[], key: string, step: -1 | 1): TableLayout {
  const order = orderedKeys(viewKeys, layout);
  const i = order.indexOf(key);
  const j = i + step;
  if (i < 0 || j < 0 || j >= order.length) return layout;
  [order[i], order[j]] = [order[j]!, order[i]!];
  return { ...layout, order };
}

export function withWidth(layout: TableLayout, key: string, width: number): TableLayout {
  return { ...layout, widths: { ...layout.widths, [key]: Math.round(Math.min(2000, Math.max(40, width))) } };
}

/** What a column without a width or a minimum width is given when the table's width is summed. */
export const FLEXIBLE_COLUMN_MIN = 120;

/**
 * The width the table needs for the columns it draws (fixed widths, and the minimum of flexible
 * ones): wider than its box, it scrolls sideways; narrower, the flexible columns share what is left.
 * Summed from what is drawn, so hiding a column or dragging one narrower lets the rest fit.
 */
export function scrollWidthOf(columns: readonly { width?: number | string; minWidth?: number | string }[]): number {
  const px = (v: number | string | undefined): number | null =>
    typeof v === 'number' ? v : typeof v === 'string' && /^\d+(\.\d+)?(px)?$/.test(v) ? Number.parseFloat(v) : null;
  return columns.reduce((sum, c) => sum + (px(c.width) ?? px(c.minWidth) ?? FLEXIBLE_COLUMN_MIN), 0);
}
