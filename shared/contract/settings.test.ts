import { describe, expect, it } from 'vitest';
import { settingsPatchSchema, settingsSchema } from './settings';
import { defaultSettings } from './settings-defaults';

describe('settings patch schema', () => {
  it('keeps only the keys that were sent (no defaults for the others)', () => {
    expect(settingsPatchSchema.parse({ lastView: '/records' })).toEqual({ lastView: '/records' });
    expect(settingsPatchSchema.parse({})).toEqual({});
  });

  it('validates each key like the full schema and refuses unknown keys', () => {
    expect(settingsPatchSchema.safeParse({ locale: 'fr-FR' }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ syncIntervalMinutes: -1 }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ colour: 'red' }).success).toBe(false);
    expect(settingsPatchSchema.parse({ window: null })).toEqual({ window: null });
    expect(settingsPatchSchema.parse({ window: { width: 800, height: 600 } })).toEqual({ window: { width: 800, height: 600, maximized: false } });
  });

  it('keeps table column settings, bounded, and refuses unknown layout keys', () => {
    const layout = { order: ['phone', 'time'], hidden: ['capability'], widths: { phone: 140 } };
    expect(settingsPatchSchema.parse({ tables: { records: layout } })).toEqual({ tables: { records: layout } });
    expect(settingsPatchSchema.parse({ tables: { codes: {} } })).toEqual({ tables: { codes: { order: [], hidden: [], widths: {} } } });
    expect(settingsPatchSchema.safeParse({ tables: { records: { widths: { phone: 5 } } } }).success).toBe(false);
    expect(settingsPatchSchema.safeParse({ tables: { records: { colour: 'red' } } }).success).toBe(false);
    expect(settingsSchema.parse({}).tables).toEqual({});
  });

  it('still has defaults in the full schema', () => {
    expect(settingsSchema.parse({})).toMatchObject({ locale: 'zh-CN', theme: 'system', lastView: '/dashboard' });
  });

  it('gives the renderer the same defaults without zod (every key, nothing more)', () => {
    expect(defaultSettings()).toEqual(settingsSchema.parse({}));
    expect(settingsSchema.parse(defaultSettings())).toEqual(defaultSettings());
    // Fresh objects: a table layout saved into one must not appear in the next.
    const a = settingsSchema.parse({});
    a.tables.records = { order: [], hidden: [], widths: {} };
    expect(settingsSchema.parse({}).tables).toEqual({});
    expect(defaultSettings().tables).not.toBe(defaultSettings().tables);
  });
});
