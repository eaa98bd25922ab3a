/**
 * Month archives in the browser door, against the demo workspace: Settings archives a closed month
 * and removes its raw records locally (after a confirmation), Records then says the range holds
 * archived months and loads them back, and the store is whole again.
 */
import { test, expect, type ContractClient } from './fixtures';

async function synced(api: ContractClient): Promise<void> {
  const list = await api.call('workspaces.list');
  await api.call('workspaces.activate', { id: list.items.find((w) => w.kind === 'demo')!.id });
  await api.call('sync.run', {});
}

test.describe('archive and retention', () => {
  test.describe.configure({ timeout: 240_000 });

  test('archive and remove a month in Settings, see it flagged in Records, load it back', async ({ api, openConsole, page }) => {
    await synced(api);
    const thisMonth = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 7);
    const before = await api.call('archive.list');
    const month = before.months.find((m) => m.month < thisMonth && m.storedRecords > 0)!;
    expect(month, 'the demo has a closed month with records').toBeTruthy();
    const range = { from: `${month.month}-01`, to: `${month.month}-15` };
    const { total } = await api.call('records.search', { ...range, limit: 1 });
    expect(total).toBeGreaterThan(0);

    try {
      await openConsole('/settings');
      const panel = page.getByTestId('archive-panel');
      await expect(panel).toBeVisible();
      await panel.getByTestId(`archive-drop-${month.month}`).click();
      await page.getByRole('button', { name: '归档并移出' }).last().click();
      await expect.poll(async () => (await api.call('archive.list')).months.find((m) => m.month === month.month)!.state, { timeout: 120_000 }).toBe('dropped');
      await expect(panel.getByTestId(`archive-import-${month.month}`)).toBeVisible();
      expect((await api.call('records.search', { ...range, limit: 1 })).total).toBe(0);

      await openConsole(`/records?from=${range.from}&to=${range.to}`);
      const notice = page.getByTestId('archived-range-notice');
      await expect(notice).toContainText(month.month);
      await notice.getByTestId('archived-range-load').click();
      await expect(notice).toBeHidden({ timeout: 120_000 });
      await expect(page.getByTestId('records-total')).toHaveAttribute('data-total', String(total));
    } finally {
      // Leave the shared demo whole for the other specs, whatever happened above.
      const now = (await api.call('archive.list')).months.find((m) => m.month === month.month)!;
      if (now.state === 'dropped') await api.call('archive.import', { month: month.month });
    }
  });
});
