/// <reference lib="dom" />
// The home screen against the demo workspace: every figure equals what the records service
// counts for the same filter, the chart follows the app switcher, and the links lead there.
import { test, expect } from './fixtures';
import { DashboardPage } from './pages/dashboard';
import { RecordsPage } from './pages/records';

function addDays(date: string, n: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

function callFilters(today: string): Record<'today' | 'month' | 'year' | 'all', Record<string, string>> {
  const tomorrow = addDays(today, 1);
  return {
    today: { from: today, to: tomorrow },
    month: { from: `${today.slice(0, 7)}-01`, to: tomorrow },
    year: { from: `${today.slice(0, 4)}-01-01`, to: tomorrow },
    all: {},
  };
}

test.describe('dashboard', () => {
  test("shows exactly the service's totals for the demo data", async ({ openConsole, api, demoSynced: _demo }) => {
    const dashboard = new DashboardPage(await openConsole('/dashboard'));
    await expect(dashboard.root).toBeVisible();
    // A background sync may land between two reads: compare a fresh screen with fresh totals until they settle.
    await expect
      .poll(
        async () => {
          await dashboard.refreshButton.click();
          await expect(dashboard.root).toHaveAttribute('data-loading', 'false');
          const summary = await api.call('dashboard.summary');
          const filters = callFilters(summary.today);
          const shown: Record<string, number> = {};
          const counted: Record<string, number> = {};
          for (const key of ['today', 'month', 'year', 'all'] as const) {
            shown[key] = await dashboard.kpiValue(key);
            counted[key] = (await api.call('records.search', { ...filters[key], limit: 1 })).total;
          }
          shown.apps = await dashboard.kpiValue('apps');
          counted.apps = summary.apps.filter((a) => a.status !== 'deleted').length;
          for (const op of ['CMCC', 'CUCC', 'CTCC'] as const) {
            shown[op] = Number(await dashboard.operator(op).getAttribute('data-calls'));
            counted[op] = (await api.call('records.search', { ...summary.window, operator: op, limit: 1 })).total;
          }
          return JSON.stringify(shown) === JSON.stringify(counted) && counted.all! > 0 ? 'equal' : JSON.stringify({ shown, counted });
        },
        { timeout: 30_000 },
      )
      .toBe('equal');
    // The figures are on screen as formatted numbers too.
    const all = await dashboard.kpiValue('all');
    await expect(dashboard.kpi('all')).toContainText(new Intl.NumberFormat('zh-CN').format(all));
  });

  test('a call count opens the records it counts', async ({ openConsole, api, demoSynced: _demo }) => {
    const page = await openConsole('/dashboard');
    await new DashboardPage(page).kpiLink('month').click();
    const records = new RecordsPage(page);
    await expect(records.root).toBeVisible();
    await expect(page).toHaveURL(/#\/records\?from=\d{4}-\d{2}-01&to=\d{4}-\d{2}-\d{2}$/);
    const url = new URL(page.url().replace('#/', ''));
    const total = (await api.call('records.search', { from: url.searchParams.get('from')!, to: url.searchParams.get('to')!, limit: 1 })).total;
    await expect(records.total).toHaveAttribute('data-total', String(total));
  });

  test('switches the chart to another app and keeps the choice in the address', async ({ openConsole, api, demoSynced: _demo }) => {
    const page = await openConsole('/dashboard');
    const dashboard = new DashboardPage(page);
    const summary = await api.call('dashboard.summary');
    const other = summary.apps.find((a) => a.status !== 'deleted' && a.id !== summary.chart.app?.id)!;
    await expect(dashboard.chartApp).toHaveAttribute('data-app', summary.chart.app!.id);
    // Drawn means painted with its data (the host's SVG frame of the chart, or ECharts' first paint), not an empty box.
    await expect(dashboard.chartApp).toHaveAttribute('data-chart-drawn', 'true');
    // The live chart (tooltips, updates) takes over at the page's first idle moment.
    await expect(dashboard.chartApp.locator('canvas')).toBeVisible();
    const name = await api.call('records.apps').then((list) => list.find((a) => a.id === other.id)!.name);
    // Other specs share this server and add apps, so the list can outgrow its visible window: filter by typing.
    await dashboard.switchApp(name);
    await expect(page).toHaveURL(new RegExp(`app=${other.id}`));
    await expect(dashboard.chartApp).toHaveAttribute('data-app', other.id);
  });

  test('offers creating an app', async ({ openConsole }) => {
    const page = await openConsole('/dashboard');
    await new DashboardPage(page).createAppButton.click();
    await expect(page).toHaveURL(/#\/apps\/new$/);
  });
});
