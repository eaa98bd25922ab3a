/**
 * The settings' vocabularies and defaults as plain data. The renderer starts with these before
 * `settings.get` answers, without loading zod and the schemas (`settings.ts` builds its schema
 * from these values, so the two cannot drift).
 */
export const locales = ['zh-CN', 'en-US'] as const;
export const themePrefs = ['system', 'light', 'dark'] as const;

/**
 * What `settingsSchema.parse({})` gives: every setting at its default, a fresh object each call.
 * Typed by its values (the `Settings` type comes from the schema built from them); assignable to
 * `Settings`, which the renderer's store checks.
 */
export function defaultSettings() {
  return {
    locale: 'zh-CN' as (typeof locales)[number],
    theme: 'system' as (typeof themePrefs)[number],
    syncIntervalMinutes: 5,
    lastView: '/dashboard',
    window: null,
    tables: {},
  };
}
