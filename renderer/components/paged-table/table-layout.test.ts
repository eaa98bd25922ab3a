import { describe, expect, it } from 'vitest';
import { applyLayout, emptyLayout, FLEXIBLE_COLUMN_MIN, orderedKeys, scrollWidthOf, withHidden, withMoved, withWidth } from './table-layout';

const cols = [
  { key: 'time', required: true, width: 170 },
  { key: 'app', width: 200 },
  { key: 'phone', width: 120 },
  { key: 'billable', width: 90 },
];
const keys = cols.map((c) => c.key);

describe('table layout', () => {
  it('draws the view order when nothing was saved', () => {
    expect(applyLayout(cols, emptyLayout()).map((c) => c.key)).toEqual(keys);
  });

  it('hides, moves and resizes, and a required column cannot be hidden', () => {
    let l = withHidden(emptyLayout(), 'app', true);
    l = withHidden(l, 'time', true);
    l = withMoved(l, keys, 'billable', -1);
    l = withWidth(l, 'phone', 151.6);
    const drawn = applyLayout(cols, l);
    expect(drawn.map((c) => c.key)).toEqual(['time', 'billable', 'phone']);
    expect(drawn.find((c) => c.key === 'phone')!.width).toBe(152);
    expect(applyLayout(cols, withHidden(l, 'app', false)).map((c) => c.key)).toEqual(['time', 'app', 'billable', 'phone']);
  });

  it('keeps a column pinned to an edge only while it is at that edge', () => {
    const pinned = [...cols, { key: 'actions', required: true, width: 200, fixed: 'right' as const }];
    const pinnedKeys = pinned.map((c) => c.key);
    expect(applyLayout(pinned, emptyLayout()).at(-1)).toMatchObject({ key: 'actions', fixed: 'right' });
    const moved = applyLayout(pinned, withMoved(emptyLayout(), pinnedKeys, 'actions', -1));
    expect(moved.map((c) => c.key)).toEqual(['time', 'app', 'phone', 'actions', 'billable']);
    expect(moved.find((c) => c.key === 'actions')!.fixed).toBeUndefined();
    // Hiding what followed it brings it back to the edge, pinned again.
    const edge = applyLayout(pinned, withHidden(withMoved(emptyLayout(), pinnedKeys, 'actions', -1), 'billable', true));
    expect(edge.at(-1)).toMatchObject({ key: 'actions', fixed: 'right' });
  });

  it('ignores saved keys the view no longer has and places new columns where the view puts them', () => {
    const saved = { order: ['phone', 'gone', 'time'], hidden: ['gone'], widths: { gone: 99 } };
    // A new column follows its nearest predecessor in the view: app after time, billable after phone.
    expect(orderedKeys(keys, saved)).toEqual(['phone', 'billable', 'time', 'app']);
  });

  it('does not move past either end and clamps widths', () => {
    expect(withMoved(emptyLayout(), keys, 'time', -1)).toEqual(emptyLayout());
    expect(withWidth(emptyLayout(), 'app', 5).widths.app).toBe(40);
  });

  it('sums the drawn columns for the table’s width: hidden ones leave it, dragged ones count as dragged', () => {
    const flexible = [...cols, { key: 'description', minWidth: 128 }, { key: 'note' }, { key: 'extra', width: '64px' }];
    expect(scrollWidthOf(applyLayout(flexible, emptyLayout()))).toBe(170 + 200 + 120 + 90 + 128 + FLEXIBLE_COLUMN_MIN + 64);
    const layout = withWidth(withHidden(emptyLayout(), 'phone', true), 'app', 150);
    expect(scrollWidthOf(applyLayout(flexible, layout))).toBe(170 + 150 + 90 + 128 + FLEXIBLE_COLUMN_MIN + 64);
  });
});
