/// <reference lib="dom" />
/**
 * The billing screen in the browser door, against the demo workspace's emulator: the month's
 * bill as the main process computes it, month navigation, the what-if calculator, a CSV
 * download through the one-time link, and the printed statement (browser mode prints the page
 * with its print stylesheet, since printToPDF is the desktop app's).
 */
import { readFileSync } from 'node:fs';
import { test, expect, type ContractClient } from './fixtures';
import { addMonths, shanghaiMonth } from '../shared/time/shanghai';
import { formatYuanString } from '../renderer/composables/money-format';


async function synced(api: ContractClient): Promise<void> {
  const list = await api.call('workspaces.list');
  await api.call('workspaces.activate', { id: list.items.find((w) => w.kind === 'demo')!.id });
  await api.call('sync.run', {});
}

test.describe('billing', () => {
  // The demo's first sync (months of records) shares this machine with the browser: allow for it.
  test.describe.configure({ timeout: 120_000 });
  test.beforeEach(async ({ api }) => {
    await synced(api);
  });

  test('shows the month computed by the main process and moves between months', async ({ api, openConsole, page }) => {
    const month = shanghaiMonth(Date.now());
    const bill = await api.call('billing.month', { month });
    await openConsole(`/billing?month=${month}`);
    await expect(page.locator('[data-view="billing"]')).toBeVisible();
    await expect(page.locator(`[data-month="${month}"]`)).toBeVisible();
    await expect(page.getByTestId('bill-amount')).toHaveText(formatYuanString(bill.amount));
    await expect(page.getByTestId('bill-billable')).toHaveText(bill.calls.toLocaleString('en-US'));
    await expect(page.getByTestId('tier-ladder')).toBeVisible();
    await expect(page.getByTestId('package-panel')).toBeVisible();
    await expect(page.getByTestId('recon-status')).toHaveText(/一致|不一致/);

    const previous = addMonths(month, -1);
    const before = await api.call('billing.month', { month: previous });
    await page.getByTestId('month-prev').click();
    await expect(page).toHaveURL(new RegExp(`month=${previous}`));
    await expect(page.locator(`[data-month="${previous}"]`)).toBeVisible();
    await expect(page.getByTestId('bill-amount')).toHaveText(formatYuanString(before.amount));
    await expect(page.getByTestId('month-next')).toBeEnabled();
  });

  test('prices what-ifs in the page with the tier breakdown', async ({ openConsole, page }) => {
    await openConsole('/billing');
    const calls = page.getByTestId('what-if-calls').locator('input');
    await calls.fill('20000');
    await calls.blur();
    await expect(page.getByTestId('what-if-amount')).toHaveText('¥500.00');
    await expect(page.getByTestId('what-if-all-units')).toHaveText('¥480.00');
    await calls.fill('250001');
    await calls.blur();
    await expect(page.getByTestId('what-if-amount')).toHaveText('¥5,420.02');
  });

  test('downloads the bill as CSV (UTF-8 with BOM) through a one-time link', async ({ openConsole, page }) => {
    const month = shanghaiMonth(Date.now());
    await openConsole(`/billing?month=${month}`);
    await expect(page.locator(`[data-month="${month}"]`)).toBeVisible();
    await page.getByTestId('billing-export').click();
    const download = page.waitForEvent('download');
    await page.getByText('账单 CSV', { exact: true }).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`onetap-bill-${month}.csv`);
    const bytes = readFileSync((await file.path())!);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(bytes.toString('utf8')).toContain('阶梯明细');
  });

  test('prints the statement in browser mode, with only the statement on paper', async ({ openConsole, page }) => {
    await page.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    await openConsole('/billing');
    await expect(page.getByTestId('bill-amount')).toBeVisible();
    await page.getByTestId('billing-statement').click();
    await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
    await page.emulateMedia({ media: 'print' });
    await expect(page.getByTestId('app-sider')).toBeHidden();
    await expect(page.getByTestId('what-if')).toBeHidden();
    await expect(page.getByTestId('billing-export')).toBeHidden();
    await expect(page.getByTestId('bill-amount')).toBeVisible();
    await expect(page.locator('.billing-print-header h1')).toContainText('一键登录月度账单');
    await page.emulateMedia({ media: 'screen' });
    await expect(page.getByTestId('what-if')).toBeVisible();
  });
});
