import { describe, expect, it } from 'vitest';
import { settingsSchema } from '../../shared/contract/settings';
import { DEFAULT_SIZE, initialBounds, windowToSave } from './window-state';

const laptop = { x: 0, y: 0, width: 1440, height: 870 };
const rightMonitor = { x: 1440, y: 0, width: 2560, height: 1400 };

describe('window state', () => {
  it('uses the default size, fitted to the screen, when nothing was saved', () => {
    expect(initialBounds(null, [laptop])).toEqual({ width: DEFAULT_SIZE.width, height: Math.min(DEFAULT_SIZE.height, 870), maximized: false });
    expect(initialBounds(null, [{ x: 0, y: 0, width: 1024, height: 700 }])).toMatchObject({ width: 1024, height: 700 });
  });

  it('restores a place that is still on a display', () => {
    expect(initialBounds({ x: 1600, y: 100, width: 1600, height: 1000, maximized: false }, [laptop, rightMonitor])).toEqual({
      x: 1600,
      y: 100,
      width: 1600,
      height: 1000,
      maximized: false,
    });
  });

  it('drops the place (keeps the size) when that monitor is gone', () => {
    const b = initialBounds({ x: 1600, y: 100, width: 1600, height: 1000, maximized: true }, [laptop]);
    expect(b.x).toBeUndefined();
    expect(b.y).toBeUndefined();
    expect(b).toMatchObject({ width: 1440, height: 870, maximized: true });
  });

  it('saves values the settings schema accepts', () => {
    const saved = windowToSave({ x: -8.4, y: 12.6, width: 120, height: 99999 }, false);
    expect(saved).toEqual({ x: -8, y: 13, width: 400, height: 10000, maximized: false });
    expect(settingsSchema.shape.window.safeParse(saved).success).toBe(true);
  });
});
