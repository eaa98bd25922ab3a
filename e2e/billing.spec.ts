/// <reference lib="dom" />
/**
 * The billing screen in the browser door, against the demo workspace's emulator: the month's
 * bill as the main process computes it, month navigation, a closed month's tier table, the
 * what-if calculator, the CSV tables downloaded as a zip through the one-time link, and the PDF
 * statement downloaded in browser mode (made in the main process, as from every door).
 */
import { readFileSync } from 'node:fs';
import { test, expect } from './fixtures';
import { BillingPage } from './pages/billing';
import { addMonths, shanghaiMonth } from '../shared/time/shanghai';
import { formatYuanString } from '../renderer/composables/money-format';

test.describe('billing', () => {
  // The demo's first sync (months of records) shares this machine with the browser: allow for it.
  test.describe.configure({ timeout: 120_000 });

  test('shows the month computed by the main process and moves between months', async ({ api, openConsole, demoSynced: _demo }) => {
    const month = shanghaiMonth(Date.now());
    const bill = await api.call('billing.month', { month });
    const billing = new BillingPage(await openConsole(`/billing?month=${month}`));
    await expect(billing.root).toBeVisible();
    await expect(billing.month(month)).toBeVisible();
    await expect(billing.amount).toHaveText(formatYuanString(bill.amount));
    await expect(billing.billable).toHaveText(bill.calls.toLocaleString('en-US'));
    await expect(billing.tierLadder).toBeVisible();
    await expect(billing.packagePanel).toBeVisible();
    await expect(billing.reconStatus).toHaveText(/一致|不一致/);

    const previous = addMonths(month, -1);
    const before = await api.call('billing.month', { month: previous });
    await billing.monthPrev.click();
    await expect(billing.page).toHaveURL(new RegExp(`month=${previous}`));
    await expect(billing.month(previous)).toBeVisible();
    await expect(billing.amount).toHaveText(formatYuanString(before.amount));
    await expect(billing.monthNext).toBeEnabled();
  });

  test("a package alert's link lands on the package's row, marked and focused", async ({ api, openConsole, demoSynced: _demo }) => {
    const pkg = (await api.call('billing.packages', { month: shanghaiMonth(Date.now()) })).items[0];
    expect(pkg, "the demo account's trial package").toBeDefined();
    // The link as the package rules make it (electron/main/services/alerts/account-rules.ts), through alertLocation.
    const billing = new BillingPage(await openConsole(`/billing?tab=packages&package=${encodeURIComponent(pkg!.packageId)}`));
    const row = billing.packageRow(pkg!.packageId);
    await expect(row).toHaveAttribute('data-selected', 'true');
    await expect(row).toHaveAttribute('aria-current', 'true');
    await expect(row).toBeFocused();
    await expect(row).toBeInViewport();
  });

  test('a closed month shows its tier table, rows that add up to its bill, and the what-if follows it', async ({ api, openConsole, demoSynced: _demo }) => {
    const closed = addMonths(shanghaiMonth(Date.now()), -1);
    const bill = await api.call('billing.month', { month: closed });
    expect(bill.status).toBe('closed');
    const billing = new BillingPage(await openConsole(`/billing?month=${closed}`));
    await expect(billing.month(closed)).toBeVisible();
    const table = billing.tierTable;
    await expect(table).toBeVisible();
    const rows = billing.tierRows;
    await expect(rows).toHaveCount(bill.tiers.length);
    for (const [i, t] of bill.tiers.entries()) {
      await expect(billing.cell('count', rows.nth(i))).toHaveText(t.count.toLocaleString('en-US'));
      await expect(billing.cell('amount', rows.nth(i))).toHaveText(t.amount);
    }
    await expect(billing.cell('charged')).toHaveText(bill.charged.toLocaleString('en-US'));
    await expect(billing.cell('payable')).toHaveText(formatYuanString(bill.amount));
    // A closed month has no forecast table; the what-if starts from this month's bill.
    await expect(billing.forecastTable).toHaveCount(0);
    await expect(billing.whatIfAmount).toHaveText(formatYuanString(bill.amount));
  });

  test('prices what-ifs in the page with the tier breakdown', async ({ openConsole, demoSynced: _demo }) => {
    const billing = new BillingPage(await openConsole('/billing'));
    const calls = billing.whatIfCalls;
    await calls.fill('20000');
    await calls.blur();
    // No package left over from the month on screen: the calculator's package field is cleared first.
    const remaining = billing.whatIfPackageRemaining;
    await remaining.fill('0');
    await remaining.blur();
    await expect(billing.whatIfAmount).toHaveText('¥500.00');
    await expect(billing.whatIfAllUnits).toHaveText('¥480.00');
    await calls.fill('250001');
    await calls.blur();
    await expect(billing.whatIfAmount).toHaveText('¥5,420.02');
  });

  test('downloads the bill as CSV tables (a zip) through a one-time link', async ({ openConsole, page, demoSynced: _demo }) => {
    const month = shanghaiMonth(Date.now());
    const billing = new BillingPage(await openConsole(`/billing?month=${month}`));
    await expect(billing.month(month)).toBeVisible();
    await billing.exportMenu.click();
    const download = page.waitForEvent('download');
    await page.getByText(/^账单 CSV/).click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`onetap-bill-${month}-csv.zip`);
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 2).toString('latin1')).toBe('PK');
    expect(bytes.includes(Buffer.from(`onetap-bill-${month}-tiers.csv`))).toBe(true);
  });

  test('downloads the PDF statement in browser mode (no printing of the page)', async ({ openConsole, page, demoSynced: _demo }) => {
    await page.addInitScript(() => {
      (window as unknown as { printed: number }).printed = 0;
      window.print = () => {
        (window as unknown as { printed: number }).printed++;
      };
    });
    const month = addMonths(shanghaiMonth(Date.now()), -1);
    const billing = new BillingPage(await openConsole(`/billing?month=${month}`));
    await expect(billing.month(month)).toBeVisible();
    const download = page.waitForEvent('download');
    await billing.statementButton.click();
    const file = await download;
    expect(file.suggestedFilename()).toBe(`onetap-statement-${month}.pdf`);
    const bytes = readFileSync((await file.path())!);
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(bytes.subarray(-6).toString('latin1')).toContain('%%EOF');
    expect(await page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(0);
  });
});
