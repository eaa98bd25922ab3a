/**
 * The page's first script (its own small file, listed before the app's in index.html): it takes the
 * token out of the address (importing the api does) and starts the calls the first view waits for,
 * while the browser is still downloading and evaluating Vue, naive-ui and the shell. The stores'
 * first calls take these answers (renderer/api/prefetch.ts) instead of asking after the app started.
 *
 * The dashboard's summary is asked for when the console opens on the dashboard: named in the
 * address, or a bare address (the router reopens the remembered last view, the dashboard by default:
 * asked for at once, and again for another app's chart if that is what was remembered).
 * The route is read here without the router: this script must stay small to arrive early. It also
 * starts loading the messages of the page's language (renderer/i18n/locale-chunks.ts) at once, beside
 * the settings rather than after them: the language the settings named on this browser's last visit
 * (remembered here), else the settings' default; another language once the settings name it.
 */
import type { CallInput } from '../../shared/contract';
import type { Settings } from '../../shared/contract/settings';
import { prefetchCall } from '../api/prefetch';
import { fetchLocaleMessages } from '../i18n/locale-chunks';
import { DEFAULT_LOCALE, isLocale } from '../i18n/locales';
import { defaultSettings } from '../../shared/contract/settings-defaults';
import { warmUpIntl } from './intl-warm-up';
import { EARLY_IMPORT_ATTRIBUTE } from './early-import';

const defaultLastView = defaultSettings().lastView;

/** Where this browser keeps the language the settings named last (not secret: the settings hold it). */
export const LAST_LOCALE_KEY = 'onetap.locale';

/** The page's localStorage, or null where storage is refused (the guess then is the default). */
function pageStorage(): Pick<Storage, 'getItem' | 'setItem'> | null {
  try {
    return window.localStorage;
  } catch {
    return null;
  }
}

/** The language the settings named on the last visit, else the settings' default. */
function likelyLocale(memory: Pick<Storage, 'getItem'> | null): Settings['locale'] {
  try {
    const last = memory?.getItem(LAST_LOCALE_KEY);
    return isLocale(last) ? last : DEFAULT_LOCALE;
  } catch {
    return DEFAULT_LOCALE;
  }
}

/**
 * The dashboard summary's input when `path` (a hash route: path and query) opens the dashboard,
 * else `null`. The same reading as the dashboard's route (`chartAppOf`): one non-empty `app`.
 */
export function dashboardSummaryInput(path: string): CallInput<'dashboard.summary'> | null {
  const [route = '', query = ''] = path.split('?', 2);
  if (route !== '/dashboard' && route !== '/dashboard/') return null;
  const apps = new URLSearchParams(query).getAll('app');
  return apps.length === 1 && apps[0] ? { app: apps[0] } : {};
}

/** The address's route is bare: the router goes to the remembered last view (or the dashboard). */
export const isBareRoute = (path: string): boolean => path === '' || path === '/';

/**
 * Starts the first view's calls for a page opened at `hash`; returns when they are all on their way.
 * `memory`: where the last language is kept, the page's localStorage unless given. It is touched only
 * once the calls have left: a fresh page's first use of localStorage waits for the browser process
 * (the access check, then the storage area's opening, each a synchronous round trip: 10–70 ms of the
 * page's thread on this machine under load), which the calls need not wait for.
 */
export async function startEarlyCalls(
  hash: string,
  loadMessages: (locale: Settings['locale']) => Promise<unknown> = fetchLocaleMessages,
  memory?: Pick<Storage, 'getItem' | 'setItem'> | null,
): Promise<void> {
  const path = hash.replace(/^#/, '');
  const settings = prefetchCall('settings.get', {});
  void prefetchCall('app.info', {});
  // A bare address opens the remembered last view, which is the dashboard unless the user left it
  // elsewhere (the default): ask for its summary now rather than after the settings answer, when the
  // shell's evaluation already holds the page's thread. Left elsewhere, one cheap answer goes unused.
  const named = dashboardSummaryInput(path) ?? (isBareRoute(path) ? dashboardSummaryInput(defaultLastView) : null);
  if (named) void prefetchCall('dashboard.summary', named);
  // The messages (their own chunk) download beside the settings, not one round trip after them: while
  // the settings are on their way the page's thread is taken by the shell's evaluation, and their
  // answer would wait for it before asking.
  const storage = memory === undefined ? pageStorage() : memory;
  const guessed = likelyLocale(storage);
  loadMessages(guessed).catch(() => undefined);
  let saved: Settings;
  try {
    saved = await settings;
  } catch {
    return; // the app shows why (no token, host gone) when it reads the same answer
  }
  if (isLocale(saved.locale)) {
    // Another language than guessed (changed since, or on another console): its messages too.
    if (saved.locale !== guessed) loadMessages(saved.locale).catch(() => undefined);
    try {
      storage?.setItem(LAST_LOCALE_KEY, saved.locale);
    } catch {
      // storage full or refused: the next visit guesses the default
    }
  }
  // Remembered elsewhere on the dashboard (another app's chart): that summary too.
  const elsewhere = isBareRoute(path) && saved.lastView !== defaultLastView;
  const last = elsewhere ? dashboardSummaryInput(saved.lastView) : null;
  if (last) void prefetchCall('dashboard.summary', last);
}

/**
 * The page's first Intl formatter pays for ICU getting ready in this renderer's process (see
 * intl-warm-up.ts). A worker thread pays it instead, with the calls on their way and the shell's
 * chunk still downloading: the page's thread stays free for the shell's evaluation, and finds ICU
 * ready for the first render (the KPI cards' numbers, the sync card's relative time). Where no
 * worker can start (or its script does not load) the page's thread warms ICU itself, as before.
 */
export function startIntlWarmUp(
  locale: string,
  startWorker: () => Pick<Worker, 'addEventListener' | 'postMessage'> = () =>
    new Worker(new URL('./intl-warm-up.worker.ts', import.meta.url), { type: 'module', name: 'intl-warm-up' }),
  warmHere: (locale: string) => void = warmUpIntl,
): void {
  let worker: Pick<Worker, 'addEventListener' | 'postMessage'>;
  try {
    worker = startWorker();
  } catch {
    warmHere(locale);
    return;
  }
  worker.addEventListener('error', () => warmHere(locale), { once: true });
  worker.postMessage(locale);
}

/**
 * Imports the line-chart module now when the page opens on the dashboard (named, or a bare address:
 * the default last view): the chunk its module preload names (`EARLY_IMPORT_ATTRIBUTE`; none in the
 * dev server, which has no preloads). That chunk is vue-echarts and the chart themes only: ECharts
 * itself runs from its own script in the page (electron.vite.config.ts, CHART_CORE_CHUNK). The browser
 * builds a dynamic import's module graph over several tasks; started from the dashboard's route, they
 * queued behind the shell's first render (one long task) and the chart's start waited for them. Started
 * here, the graph is ready once the shell has run, and the chunk's small evaluation comes right after
 * the shell's. A page left elsewhere last time evaluates it unused (its download was paid already).
 */
export function startLineChartCode(
  hash: string,
  page: Pick<Document, 'querySelector'> = document,
  load: (url: string) => Promise<unknown> = (url) => import(/* @vite-ignore */ url),
): void {
  const path = hash.replace(/^#/, '');
  if (dashboardSummaryInput(path) === null && !isBareRoute(path)) return;
  const url = page.querySelector<HTMLLinkElement>(`link[rel="modulepreload"][${EARLY_IMPORT_ATTRIBUTE}]`)?.href;
  if (url) load(url).catch(() => undefined); // the chart reports a failed load when it asks again
}

if (typeof window !== 'undefined') {
  void startEarlyCalls(window.location.hash);
  startLineChartCode(window.location.hash);
  // Queued behind the messages' import (the module loader starts it in a microtask): the chunk's
  // request goes out before the worker's.
  queueMicrotask(() => startIntlWarmUp(likelyLocale(pageStorage())));
}
