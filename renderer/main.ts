// Order matters: the boot module (the api it imports) must take the token out of the address before
// the router reads it. In the built page it ran already, as its own earlier script, and started the
// first view's calls (the stores take their answers). (zod is set up where the build aliases it,
// renderer/boot/zod.ts, before any schema is built.)
import './boot/early-calls';
import { createApp, watch } from 'vue';
import { createPinia } from 'pinia';
import App from './App.vue';
import { applyLocale, i18n, loadLocale, type Locale } from './i18n';
import { createAppRouter, installLastView } from './router';
import { useSettingsStore } from './stores/settings';
import { useAppStore } from './stores/app';
import './theme/base.css';
import { errorCode } from './composables/api-error-text';
import { loadNaiveTheme } from './theme/naive-theme';

/** How long the shell waits for the first view's code before it is drawn alone. */
const FIRST_VIEW_WAIT_MS = 400;

async function start(): Promise<void> {
  const app = createApp(App);
  const pinia = createPinia();
  app.use(pinia).use(i18n);

  const settings = useSettingsStore(pinia);
  const appInfo = useAppStore(pinia);
  // Settings first, so the first paint is already in the right language and theme.
  await Promise.all([settings.load(), appInfo.load()]);
  if (errorCode(settings.error) === 'UNAUTHORIZED') {
    // Opened without the token: one screen that says where the link is, in the browser's language.
    const browserLocale: Locale = navigator.language.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en-US';
    await loadLocale(browserLocale);
    applyLocale(browserLocale);
    // Loaded only here: a page opened with its token (nearly always) never fetches this screen.
    const { default: TokenMissingView } = await import('./layout/TokenMissingView.vue');
    createApp(TokenMissingView).use(i18n).mount('#app');
    return;
  }
  // The page holds one language's messages: the settings' one before the first paint (the boot
  // script started it), another when the user switches (shown once it arrived; the last choice wins).
  const localeReady = loadLocale(settings.locale).then(() => applyLocale(settings.locale));
  watch(
    () => settings.locale,
    (locale) =>
      void loadLocale(locale).then(
        () => {
          if (settings.locale === locale) applyLocale(locale);
        },
        () => undefined, // not loaded (the host went away): stay in the language shown
      ),
  );
  // A console that starts dark paints dark at once (the dark theme is its own chunk).
  const themeReady = loadNaiveTheme(settings.effectiveTheme).catch(() => undefined);

  const router = createAppRouter();
  installLastView(router, { lastView: () => settings.settings.lastView, remember: settings.rememberView });
  app.use(router);
  // The shell and the first view are drawn together, in one render and one paint, once the view's
  // code is in (it was preloaded beside the shell's, and its data asked for by the boot script);
  // a view slower than FIRST_VIEW_WAIT_MS gets the shell drawn first, and a view that fails to
  // load leaves the shell usable.
  await Promise.all([localeReady, themeReady, Promise.race([router.isReady().catch(() => undefined), new Promise((r) => setTimeout(r, FIRST_VIEW_WAIT_MS))])]);
  app.mount('#app');
}

void start();
