/// <reference lib="dom" />
// page.evaluate callbacks run in the page, so this file sees the DOM types.
import type { ApiErrorBody } from '../shared/contract/errors';
import { test, expect, DEFAULT_SETTINGS } from './fixtures';
import { SettingsPage } from './pages/settings';
import { ConsoleFrame } from './pages/view';

/** Every sidebar destination: nav key, the path it opens, its view's data-view, zh-CN and en-US labels. */
const NAV = [
  { key: 'dashboard', path: '/dashboard', view: 'dashboard', zh: '首页', en: 'Dashboard' },
  { key: 'apps', path: '/apps', view: 'apps', zh: '应用管理', en: 'Apps' },
  { key: 'records', path: '/records', view: 'records', zh: '记录查询', en: 'Record search' },
  { key: 'codes', path: '/codes', view: 'codes', zh: '返回码字典', en: 'Return codes' },
  { key: 'statistics', path: '/statistics', view: 'statistics', zh: '认证统计', en: 'Statistics' },
  { key: 'billing', path: '/billing', view: 'billing', zh: '账单', en: 'Billing' },
  { key: 'audit', path: '/audit', view: 'audit', zh: '审计导出', en: 'Audit export' },
  { key: 'settings', path: '/settings', view: 'settings', zh: '设置', en: 'Settings' },
] as const;

test.describe('shell', () => {
  test('renders the sidebar, header and dashboard in zh-CN, without the token in the address', async ({ openConsole, server }) => {
    const page = await openConsole();
    const frame = new ConsoleFrame(page);
    await expect(page).toHaveURL(`${server.origin}/#/dashboard`);
    await expect(page.locator('html')).toHaveAttribute('lang', 'zh-CN');
    const sider = frame.sider;
    await expect(sider).toContainText('OneTap 控制台');
    await expect(sider).toContainText('认证记录');
    for (const item of NAV) await expect(frame.nav(item.key)).toHaveText(item.zh);
    const header = frame.header;
    await expect(header).toContainText('首页');
    await expect(header.getByTestId('sync-status')).toBeAttached();
    await expect(header.getByTestId('run-mode')).toHaveAttribute('data-mode', 'browser');
    await expect(header.getByTestId('workspace-name')).not.toBeEmpty();
    await expect(frame.view('dashboard')).toBeVisible();
    await expect(page).toHaveTitle('首页 · OneTap 控制台');
  });

  test('the first view’s calls are asked once, by the boot script before the app runs, and the stores use those answers', async ({ openConsole, page }) => {
    const calls: string[] = [];
    const scripts: string[] = [];
    page.on('request', (r) => {
      const path = new URL(r.url()).pathname;
      const m = /\/api\/([\w.]+)$/.exec(path);
      if (m) calls.push(m[1]!);
      if (r.resourceType() === 'script') scripts.push(path);
    });
    await openConsole();
    await expect(page.getByTestId('kpi-apps')).toBeVisible();
    for (const name of ['settings.get', 'app.info', 'dashboard.summary'])
      expect(
        calls.filter((c) => c === name),
        name,
      ).toHaveLength(1);
    // Those three leave before anything the mounted shell asks for.
    expect(calls.slice(0, 3).sort()).toEqual(['app.info', 'dashboard.summary', 'settings.get']);
    // The boot script is the page's first script, its own small file.
    const first = await page.locator('head script[type="module"]').first().getAttribute('src');
    expect(first).toMatch(/\/boot-[\w-]+\.js$/);
    // Only the language on screen is downloaded.
    expect(scripts.filter((p) => /\/zh-CN-[\w-]+\.js$/.test(p))).toHaveLength(1);
    expect(scripts.filter((p) => /\/en-US-[\w-]+\.js$/.test(p))).toEqual([]);
  });

  test('every nav item opens its view', async ({ openConsole, server }) => {
    const page = await openConsole();
    const frame = new ConsoleFrame(page);
    for (const item of NAV) {
      await frame.nav(item.key).click();
      await expect(page).toHaveURL(`${server.origin}/#${item.path}`);
      await expect(frame.view(item.view)).toBeVisible();
      await expect(frame.header).toContainText(item.zh);
    }
  });

  // The build renders the expanded menu's items without naive-ui's (never shown) tooltips
  // (renderer/layout/menu-option.ts): the collapsed menu keeps them, and both keep the active item,
  // the click and the keyboard.
  test('the side menu: expanded, links by keyboard, the active item and the group; collapsed, each icon named in a tooltip and the group in a dropdown', async ({
    openConsole,
    server,
  }) => {
    const page = await openConsole();
    const frame = new ConsoleFrame(page);
    await expect(frame.nav('dashboard')).toHaveAttribute('aria-current', 'page');
    await frame.nav('apps').focus();
    await page.keyboard.press('Enter');
    await expect(page).toHaveURL(`${server.origin}/#/apps`);
    await expect(frame.nav('apps')).toHaveAttribute('aria-current', 'page');
    await expect(frame.nav('dashboard')).not.toHaveAttribute('aria-current', 'page');
    // The records group (open at start) closes and opens on its title.
    const group = frame.sider.getByRole('menuitem', { name: '认证记录', exact: true });
    await expect(frame.nav('codes')).toBeVisible();
    await group.click();
    await expect(frame.nav('codes')).toBeHidden();
    await group.click();
    await expect(frame.nav('codes')).toBeVisible();

    // Collapsed (the console remembers it on this machine): icons only, each named on hover.
    await page.evaluate(() => localStorage.setItem('onetap.sidebarCollapsed', '1'));
    await page.reload();
    const statsRow = frame.sider.getByRole('menuitem').filter({ has: frame.nav('statistics') });
    await statsRow.hover();
    await expect(frame.navTooltip('statistics')).toBeVisible();
    await expect(frame.navTooltip('statistics')).toHaveText('认证统计');
    await statsRow.click();
    await expect(page).toHaveURL(`${server.origin}/#/statistics`);
    await expect(frame.view('statistics')).toBeVisible();
    // The group's items in a dropdown beside its icon.
    await group.hover();
    await expect(frame.navTooltip('codes')).toBeVisible();
    await frame.navTooltip('codes').click();
    await expect(page).toHaveURL(`${server.origin}/#/codes`);
  });

  test('the language toggle switches to English and back, and the choice is saved', async ({ openConsole, api }) => {
    const page = await openConsole();
    const frame = new ConsoleFrame(page);
    await frame.switchLanguage('en-US');
    await expect(page.locator('html')).toHaveAttribute('lang', 'en-US');
    for (const item of NAV) await expect(frame.nav(item.key)).toHaveText(item.en);
    await expect(frame.sider).toContainText('OneTap Console');
    await expect.poll(async () => (await api.call('settings.get')).locale).toBe('en-US');

    await page.reload();
    await expect(frame.nav('dashboard')).toHaveText('Dashboard');

    await frame.switchLanguage('zh-CN');
    await expect(frame.nav('dashboard')).toHaveText('首页');
    await expect.poll(async () => (await api.call('settings.get')).locale).toBe('zh-CN');
  });

  test('the theme toggle switches light and dark, and "system" follows the OS', async ({ openConsole, api, page }) => {
    const frame = new ConsoleFrame(await openConsole());
    const html = page.locator('html');
    const bodyBackground = () => page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    await expect(html).toHaveAttribute('data-theme', 'light');
    const lightBackground = await bodyBackground();

    await frame.switchTheme('dark');
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await expect.poll(bodyBackground).not.toBe(lightBackground);
    await expect.poll(async () => (await api.call('settings.get')).theme).toBe('dark');

    await frame.switchTheme('light');
    await expect(html).toHaveAttribute('data-theme', 'light');
    await expect.poll(bodyBackground).toBe(lightBackground);

    await frame.switchTheme('system');
    await expect(html).toHaveAttribute('data-theme', 'light');
    await page.emulateMedia({ colorScheme: 'dark' });
    await expect(html).toHaveAttribute('data-theme', 'dark');
    await page.emulateMedia({ colorScheme: 'light' });
    await expect(html).toHaveAttribute('data-theme', 'light');
  });

  test('the settings view changes language, theme and sync interval', async ({ openConsole, api, page }) => {
    const settings = new SettingsPage(await openConsole('/settings'));
    await expect(settings.root).toBeVisible();
    await expect(settings.about).toContainText('onetap');
    await expect(settings.workspaceSettings).toBeAttached();

    await settings.themePref('dark').click();
    await expect(page.locator('html')).toHaveAttribute('data-theme', 'dark');

    const interval = settings.syncInterval;
    await interval.fill('15');
    await interval.press('Enter');
    await expect.poll(async () => (await api.call('settings.get')).syncIntervalMinutes).toBe(15);

    await settings.pickLanguage('English');
    await expect(settings.title).toHaveText('Settings');
    // Each change touches only its own key: the theme chosen before survives the language switch.
    await expect.poll(async () => api.call('settings.get')).toMatchObject({ locale: 'en-US', theme: 'dark', syncIntervalMinutes: 15 });
    await api.call('settings.set', { syncIntervalMinutes: 5 });
  });

  test('reopens the last view, filters included, on the next start', async ({ openConsole, api, context, server }) => {
    const page = await openConsole();
    const frame = new ConsoleFrame(page);
    await frame.nav('statistics').click();
    await expect(frame.view('statistics')).toBeVisible();
    await page.evaluate(() => {
      location.hash = '#/statistics?from=2026-11-01&to=2026-11-21';
    });
    await expect.poll(async () => (await api.call('settings.get')).lastView).toBe('/statistics?from=2026-11-01&to=2026-11-21');

    const second = await context.newPage();
    await second.goto(`${server.origin}/#token=${server.token}`);
    await expect(second).toHaveURL(`${server.origin}/#/statistics?from=2026-11-01&to=2026-11-21`);
    await expect(new ConsoleFrame(second).view('statistics')).toBeVisible();
    await second.close();
  });

  test('an unknown address shows a not-found page with a way back', async ({ openConsole, server }) => {
    const page = await openConsole('/no/such/view');
    await expect(new ConsoleFrame(page).view('not-found')).toBeVisible();
    await page.getByRole('button', { name: '返回首页' }).click();
    await expect(page).toHaveURL(`${server.origin}/#/dashboard`);
  });
});

test('opened without the token, one localized screen says to open the link printed by npm start', async ({ page, server, pageProblems: _problems }) => {
  await page.goto(`${server.origin}/`);
  const screen = page.getByTestId('token-missing');
  await expect(screen).toBeVisible();
  await expect(screen).toContainText('请用 npm start 打印的链接打开控制台');
  await expect(page.getByTestId('app-layout')).toHaveCount(0);
  await expect(page.getByTestId('error-banner')).toHaveCount(0);
});

test.describe('HTTP door', () => {
  test('a request without the token gets 401 UNAUTHORIZED', async ({ request, server }) => {
    const none = await request.post(`${server.origin}/api/app.info`, { data: {} });
    expect(none.status()).toBe(401);
    expect(((await none.json()) as { error: ApiErrorBody }).error.code).toBe('UNAUTHORIZED');

    const wrong = await request.post(`${server.origin}/api/app.info`, { data: {}, headers: { Authorization: 'Bearer not-the-token' } });
    expect(wrong.status()).toBe(401);
    expect(((await wrong.json()) as { error: ApiErrorBody }).error.code).toBe('UNAUTHORIZED');
  });

  test('an unknown call gets UNKNOWN_CALL', async ({ request, server }) => {
    const res = await request.post(`${server.origin}/api/no.such.call`, { data: {}, headers: { Authorization: `Bearer ${server.token}` } });
    expect(res.status()).toBe(404);
    expect(((await res.json()) as { error: ApiErrorBody }).error.code).toBe('UNKNOWN_CALL');
  });

  test('the settings the shell relies on round-trip', async ({ api }) => {
    const s = await api.call('settings.get');
    expect(s).toMatchObject(DEFAULT_SETTINGS);
    const info = await api.call('app.info');
    expect(info.mode).toBe('browser');
  });
});
