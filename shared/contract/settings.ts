import * as z from 'zod';
import { defineCall } from './define';
import { defaultSettings, locales, themePrefs } from './settings-defaults';

export { defaultSettings, locales, themePrefs };
const defaults = defaultSettings();

const columnKey = z.string().min(1).max(40);
/** One table's column settings: the order the user arranged, the columns hidden, widths dragged (px). */
export const tableLayoutSchema = z
  .object({
    order: z.array(columnKey).max(40).default([]),
    hidden: z.array(columnKey).max(40).default([]),
    widths: z.record(columnKey, z.number().int().min(40).max(2000)).default({}),
  })
  .strict();
export type TableLayout = z.output<typeof tableLayoutSchema>;

/** Every user setting with its schema and default; unknown keys are refused. */
export const settingsSchema = z.object({
  locale: z.enum(locales).default(defaults.locale),
  theme: z.enum(themePrefs).default(defaults.theme),
  /** Background sync interval; 0 turns background sync off. */
  syncIntervalMinutes: z.number().int().min(0).max(1440).default(defaults.syncIntervalMinutes),
  lastView: z.string().max(2000).default(defaults.lastView),
  window: z
    .object({
      width: z.number().int().min(400).max(10000),
      height: z.number().int().min(300).max(10000),
      x: z.number().int().optional(),
      y: z.number().int().optional(),
      maximized: z.boolean().default(false),
    })
    .nullable()
    .default(defaults.window),
  /** Column settings of each paged table, by table id (records, codes, export history, apps). */
  tables: z.record(z.string().min(1).max(40), tableLayoutSchema).default(() => ({})),
});
export type Settings = z.output<typeof settingsSchema>;
// Built from the fields without their defaults: zod's `.partial()` keeps `.default()`, so a
// patch of one key would otherwise come back with every other key reset to its default.
const fields = settingsSchema.shape;
export const settingsPatchSchema = z
  .object({
    locale: fields.locale.unwrap().optional(),
    theme: fields.theme.unwrap().optional(),
    syncIntervalMinutes: fields.syncIntervalMinutes.unwrap().optional(),
    lastView: fields.lastView.unwrap().optional(),
    window: fields.window.unwrap().optional(),
    tables: fields.tables.unwrap().optional(),
  })
  .strict();
export type SettingsPatch = z.input<typeof settingsPatchSchema>;

export const settingsCalls = {
  'settings.get': defineCall({
    summary: 'All settings, with defaults filled in.',
    input: z.object({}).strict().default({}),
    output: settingsSchema,
  }),
  'settings.set': defineCall({
    summary: 'Change some settings; returns all settings after the change.',
    input: settingsPatchSchema,
    output: settingsSchema,
  }),
} as const;
