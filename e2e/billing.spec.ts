/// <reference lib="dom" />
/**
 * The billing screen in the browser door, against the demo workspace's emulator: the month's
 * bill as the main process computes it, month navigation, a closed month's tier table, the
 * what-if calculator, the CSV tables downloaded as a zip through the one-time link, and the PDF
 * statement downloaded in browser mode (made in the main process, as from every door).
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

  test('a closed month shows its tier table, rows that add up to its bill, and the what-if follows it', async ({ api, openConsole, page }) => {
    const closed = addMonths(shanghaiMonth(Date.now()), -1);
    const bill = await api.call('billing.month', { month: closed });
    expect(bill.status).toBe('closed');
    await openConsole(`/billing?month=${closed}`);
    await expect(page.locator(`[data-month="${closed}"]`)).toBeVisible();
    const table = page.getByTestId('tier-table');
    await expect(table).toBeVisible();
    const rows = table.locator('tr[data-tier]');
    await expect(rows).toHaveCount(bill.tiers.length);
    for (const [i, t] of bill.tiers.entries()) {
      await expect(rows.nth(i).locator('[data-col="count"]')).toHaveText(t.count.toLocaleString('en-US'));
      await expect(rows.nth(i).locator('[data-col="amount"]')).toHaveText(t.amount);
    }
    await expect(table.locator('[data-col="charged"]')).toHaveText(bill.charged.toLocaleString('en-US'));
    await expect(table.locator('[data-col="payable"]')).toHaveText(formatYuanString(bill.amount));
    // A closed month has no forecast table; the what-if starts from this month's bill.
    await expect(page.getByTestId('tier-table-forecast')).toHaveCount(0);
    await expect(page.getByTestId('what-if-amount')).toHaveText(formatYuanString(bill.amount));
  });

  test('prices what-ifs in the page with the tier breakdown', async ({ openConsole, page }) => {
    await openConsole('/billing');
    const calls = page.getByTestId('what-if-calls').locator('input');
    await calls.fill('20000');
    await calls.blur();
    // No package left over from the month on screen: the calculator's package field is cleared first.
    const remaining = page.getByTestId('what-if').locator('input').nth(1);
    await remaining.fill('0');
    await remaining.blur();
    await expect(page.getByTestId('what-if-amount')).toHaveText('¥500.00');
    await expect(page.getByTestId('what-if-all-units')).toHaveText('¥480.00');
    await calls.fill('250001');
    await calls.blur();
    await expect(page.getByTestId('what-if-amount')).toHaveText('¥5,420.02');
  });

  test('downloads the bill as CSV tables (a zip) through a one-time link', async ({ openConsole, page }) => {
    const month = shanghaiMonth(Date.now());
    await openConsole(`/billing?month=${month}`);
    await expect(page.locator(`[data-month="${month}"]`)).toBeVisible();
    await page.getByTestId('billing-export').click();
    const download = page.waitForEvent('download');
    await page.getByText(/^账单 CSV/).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`onetap-bill-${month}-csv.zip`);
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.includes(Buffer.from(`onetap-bill-${month}-tiers.csv`))).toBe(true);
  });

  test('downloads the PDF statement in browser mode (no printing of the page)', async ({ openConsole, page }) => {
    await page.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    const month = addMonths(shanghaiMonth(Date.now()), -1);
    await openConsole(`/billing?month=${month}`);
    await expect(page.locator(`[data-month="${month}"]`)).toBeVisible();
    const download = page.waitForEvent('download');
    await page.getByTestId('billing-statement').click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`onetap-statement-${month}.pdf`);
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(0);
  });
});
