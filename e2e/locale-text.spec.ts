/**
 * Every page, in both languages, shows only text of its own language: no raw i18n key, no
 * error code shown bare, no English sentence in the zh-CN console, no Chinese in the English
 * console's own labels (headings, buttons, column headers, tabs, form labels). Data the user
 * owns (app names, the platform's own descriptions) may be in any language, so the Chinese
 * check reads the console's labels, not table cells.
 */
import { expect, test } from './fixtures';
import { ConsoleFrame } from './pages/view';
import type { Page } from '@playwright/test';
import { errorStatus } from '../shared/contract/errors';

const AREAS = ['common', 'alerts', 'apps', 'audit', 'backup', 'billing', 'codes', 'dashboard', 'providers', 'records', 'settings', 'stats', 'sync', 'toolkit'];
const RAW_KEY = new RegExp(`\\b(?:${AREAS.join('|')})\\.[a-zA-Z0-9_]+(?:\\.[a-zA-Z0-9_]+)*\\b`);
const BARE_CODE = new RegExp(`(?<![\\w/.-])(?:${Object.keys(errorStatus).join('|')})(?![\\w/.-])`);
// Three English words in a row: a sentence or phrase, not a name, unit or acronym.
const ENGLISH_RUN = /\b[A-Za-z][a-z]+(?:[ ,'-]+[a-z]{2,}){2,}\b/;
const HAN = /\p{Script=Han}/u;
// naive-ui's own fallback placeholders: a box the console left unnamed, in whichever language.
const LIBRARY_PLACEHOLDER = /^(?:Please (?:Input|Select)|请输入|请选择)$/;

const PAGES = [
  '/dashboard',
  '/dashboard/all',
  '/apps',
  '/apps/queue',
  '/apps/new',
  '/records',
  '/records?result=failure',
  '/statistics',
  '/codes',
  '/codes?tab=pareto',
  '/billing',
  '/billing/compare',
  '/alerts',
  '/audit',
  '/toolkit/signature',
  '/settings',
];

interface PageText {
  lines: string[];
  labels: string[];
  placeholders: string[];
  /** Placeholders too wide for their box. */
  cut: string[];
}

interface Finding {
  path: string;
  kind: string;
  text: string;
}

/**
 * The visible text of the page's own parts, line by line; labels are what the console itself names,
 * placeholders included (they are not in the page's text, but a person reads them).
 */
async function visibleText(page: Page): Promise<PageText> {
  return page.evaluate(() => {
    const root = document.querySelector('[data-testid="app-layout"]') ?? document.body;
    const lines = (root as HTMLElement).innerText
      .split('\n')
      .map((s) => s.trim())
      .filter(Boolean);
    const labelSel = 'h1, h2, h3, button, th, label, [role="tab"], [role="menuitem"], [role="navigation"] a';
    const labels = [...root.querySelectorAll(labelSel)]
      .filter((e) => (e as HTMLElement).offsetParent !== null)
      .map((e) => (e as HTMLElement).innerText.trim())
      .filter(Boolean);
    const placeholders = [...root.querySelectorAll('input[placeholder], textarea[placeholder]')]
      .filter((e) => (e as HTMLElement).offsetParent !== null)
      .map((e) => (e as HTMLInputElement).placeholder.trim())
      .filter(Boolean);
    // A placeholder wider than its box is cut off mid-word: measured in the box's own font, against the
    // room inside its padding (an input's placeholder is an attribute: no element to measure).
    const ctx = document.createElement('canvas').getContext('2d')!;
    const cut: string[] = [];
    for (const e of root.querySelectorAll('input[placeholder]')) {
      const input = e as HTMLInputElement;
      if (input.offsetParent === null || input.value || !input.placeholder.trim()) continue;
      const style = getComputedStyle(input);
      ctx.font = style.font;
      const room = input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
      if (ctx.measureText(input.placeholder).width > room + 1) cut.push(input.placeholder);
    }
    return { lines, labels, placeholders, cut };
  });
}

function scan(path: string, locale: 'zh-CN' | 'en-US', text: PageText, allowed: readonly string[]): Finding[] {
  const out: Finding[] = [];
  const ok = (s: string) => allowed.some((a) => s.includes(a));
  for (const p of text.cut) out.push({ path, kind: 'placeholder cut off', text: p });
  // A select's placeholder is text of the page; an input's is an attribute.
  for (const p of [...text.lines, ...text.placeholders])
    if (LIBRARY_PLACEHOLDER.test(p)) out.push({ path, kind: "the UI library's default placeholder", text: p });
  for (const line of [...text.lines, ...text.placeholders]) {
    const key = RAW_KEY.exec(line);
    if (key) out.push({ path, kind: 'raw i18n key', text: line });
    const code = BARE_CODE.exec(line);
    if (code) out.push({ path, kind: 'bare error code', text: line });
    if (locale === 'zh-CN') {
      const en = ENGLISH_RUN.exec(line);
      if (en && !ok(line)) out.push({ path, kind: 'English in zh-CN', text: line });
    }
  }
  // Placeholders are left out here: some show an example of what is typed, and what the carrier's
  // page shows end users is Chinese (the login button's text) whatever the console's language.
  if (locale === 'en-US') for (const label of text.labels) if (HAN.test(label) && !ok(label)) out.push({ path, kind: 'Chinese label in en-US', text: label });
  return out;
}

for (const locale of ['zh-CN', 'en-US'] as const) {
  test(`every page shows only ${locale} text`, async ({ openConsole, api, demoSynced: _demo }) => {
    // The first test of a worker waits for the demo's first sync, which on a shared, loaded machine takes minutes.
    test.setTimeout(540_000);
    await api.call('settings.set', { locale });
    // Names the user gave (apps, workspaces) are data, in whatever language they were written.
    const apps = (await api.call('apps.list', { includeDeleted: true })).items;
    const workspaces = (await api.call('workspaces.list')).items;
    const allowed = [...apps.map((a) => a.name), ...workspaces.map((w) => w.name)].filter((n) => n.length >= 2);
    const record = (await api.call('records.search', { result: 'failure', limit: 1 })).items[0];
    const paths = [...PAGES, ...(apps[0] ? [`/apps/${apps[0].id}`] : []), ...(record ? [`/records?record=${record.seq}`] : [])];

    const findings: Finding[] = [];
    const page = await openConsole('/dashboard');
    const frame = new ConsoleFrame(page);
    for (const path of paths) {
      await frame.go(path);
      await expect(page.getByRole('main').getByRole('heading', { level: 1 }).first()).toBeVisible();
      // Let the page's calls answer (tables, charts, the drawer).
      await page.waitForTimeout(1200);
      findings.push(...scan(path, locale, await visibleText(page), allowed));
    }
    expect(findings).toEqual([]);
  });
}
