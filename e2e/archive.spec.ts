/**
 * Month archives in the browser door, against the demo workspace: Settings archives a closed month
 * and removes its raw records locally (after a confirmation), Records then says the range holds
 * archived months and loads them back, and the store is whole again.
 */
import { test, expect } from './fixtures';
import { RecordsPage } from './pages/records';
import { SettingsPage } from './pages/settings';

test.describe('archive and retention', () => {
  test.describe.configure({ timeout: 240_000 });

  test('archive and remove a month in Settings, see it flagged in Records, load it back', async ({ api, openConsole, demoSynced: _demo }) => {
    const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const before = await api.call('archive.list');
    const month = before.months.find((m) => m.month < thisMonth && m.storedRecords > 0)!;
    expect(month, 'the demo has a closed month with records').toBeTruthy();
    const range = { from: `${month.month}-01`, to: `${month.month}-15` };
    const { total } = await api.call('records.search', { ...range, limit: 1 });
    expect(total).toBeGreaterThan(0);

    try {
      const settings = new SettingsPage(await openConsole('/settings'));
      await expect(settings.archivePanel).toBeVisible();
      await settings.archiveDrop(month.month).click();
      await settings.confirmButton('归档并移出').click();
      await expect.poll(async () => (await api.call('archive.list')).months.find((m) => m.month === month.month)!.state, { timeout: 120_000 }).toBe('dropped');
      await expect(settings.archiveImport(month.month)).toBeVisible();
      expect((await api.call('records.search', { ...range, limit: 1 })).total).toBe(0);

      const records = new RecordsPage(await openConsole(`/records?from=${range.from}&to=${range.to}`));
      await expect(records.archivedNotice).toContainText(month.month);
      await records.archivedLoad.click();
      await expect(records.archivedNotice).toBeHidden({ timeout: 120_000 });
      await expect(records.total).toHaveAttribute('data-total', String(total));
    } finally {
      // Leave the shared demo whole for the other specs, whatever happened above.
      const now = (await api.call('archive.list')).months.find((m) => m.month === month.month)!;
      if (now.state === 'dropped') await api.call('archive.import', { month: month.month });
    }
  });
});
