/**
 * The user's settings as the renderer sees them. Changes apply on screen at once and are then
 * saved through `settings.set`; the saved copy the main process returns is the truth, and a
 * failed save puts back what was there before.
 */
import { defineStore } from 'pinia';
import { computed, ref } from 'vue';
import { api } from '../api';
import { takePrefetched } from '../api/prefetch';
import type { Settings, SettingsPatch } from '../../shared/contract/settings';
import { defaultSettings } from '../../shared/contract/settings-defaults';
import { osPrefersDark } from '../theme/os-color-scheme';
import { resolveTheme, type ThemeMode } from '../theme/resolve-theme';

/** How long the last view waits before it is saved, so typing in a filter is one write, not twenty. */
export const LAST_VIEW_SAVE_DELAY_MS = 800;

export const useSettingsStore = defineStore('settings', () => {
  const settings = ref<Settings>(defaultSettings());
  const loaded = ref(false);
  const error = ref<unknown>(null);
  let latestRequest = 0;
  let lastViewTimer: ReturnType<typeof setTimeout> | null = null;

  const locale = computed(() => settings.value.locale);
  const themePref = computed(() => settings.value.theme);
  const effectiveTheme = computed<ThemeMode>(() => resolveTheme(settings.value.theme, osPrefersDark.value));

  async function load(): Promise<void> {
    try {
      // The boot script asked for them before the app started (renderer/boot/early-calls.ts).
      settings.value = await (takePrefetched('settings.get', {}) ?? api.call('settings.get', {}));
      loaded.value = true;
      error.value = null;
    } catch (e) {
      error.value = e;
    }
  }

  async function update(patch: SettingsPatch): Promise<void> {
    const request = ++latestRequest;
    const before = settings.value;
    settings.value = { ...before, ...patch } as Settings;
    try {
      const saved = await api.call('settings.set', patch);
      // An older answer must not undo a newer change the user already sees.
      if (request === latestRequest) settings.value = saved;
      error.value = null;
    } catch (e) {
      // Put back only what this change touched, and only where nothing newer replaced it.
      const current = { ...settings.value } as Record<string, unknown>;
      for (const key of Object.keys(patch) as (keyof Settings)[]) {
        if (current[key] === (patch as Record<string, unknown>)[key]) current[key] = before[key];
      }
      settings.value = current as Settings;
      error.value = e;
      throw e;
    }
  }

  /** Remembers the view (path and filters in its query) to reopen on the next start. */
  function rememberView(fullPath: string): void {
    if (lastViewTimer) clearTimeout(lastViewTimer);
    lastViewTimer = setTimeout(() => {
      lastViewTimer = null;
      if (fullPath !== settings.value.lastView && fullPath.length <= 2000) void update({ lastView: fullPath }).catch(() => undefined);
    }, LAST_VIEW_SAVE_DELAY_MS);
  }

  return { settings, loaded, error, locale, themePref, effectiveTheme, load, update, rememberView };
});
