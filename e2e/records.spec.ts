/// <reference lib="dom" />
// The records, statistics and code dictionary screens against the demo workspace: filters in
// the address, keyset paging both ways, the record drawer, codes through to the dictionary,
// a statistics day through to its records, and the language switch.
import { test, expect, type ContractClient } from './fixtures';
import type { Page } from '@playwright/test';

async function demoSynced(api: ContractClient): Promise<void> {
  await expect
    .poll(async () => (await api.call('sync.status')).resources.find((r) => r.resource === 'records')?.lastSuccessAt ?? null, { timeout: 60_000 })
    .not.toBeNull();
}

/** The quick range as the screens define it: whole Shanghai days ending with today. */
function quickRange(days: number): { from: string; to: string } {
  const today = new Date(Date.now() + 8 * 3600_000).toISOString().slice(0, 10);
  const shift = (n: number) => {
    const d = new Date(`${today}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() + n);
    return d.toISOString().slice(0, 10);
  };
  return { from: shift(1 - days), to: shift(1) };
}

const rowSeqs = (page: Page) => page.getByTestId('record-row').evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));

async function pickOption(page: Page, testId: string, label: string): Promise<void> {
  await page.getByTestId(testId).click();
  await page.locator('.n-base-select-option', { hasText: label }).first().click();
}

test.describe('records', () => {
  test('one filter change runs one search', async ({ openConsole, api }) => {
    test.setTimeout(150_000);
    await demoSynced(api);
    const page = await openConsole('/records');
    await expect(page.getByTestId('records-total')).not.toHaveAttribute('data-total', '');
    // Let the first load settle (sync events and app lists may arrive after the first search).
    await page.waitForTimeout(1500);
    const searches: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/records.search')) searches.push(r.postData() ?? '');
    });
    await pickOption(page, 'filter-operator', '中国电信');
    await expect(page).toHaveURL(/operator=CTCC/);
    await expect.poll(() => searches.length).toBeGreaterThanOrEqual(1);
    await page.waitForTimeout(1500);
    expect(searches).toHaveLength(1);
    expect(JSON.parse(searches[0]!)).toMatchObject({ operator: 'CTCC' });
    await page.locator('[data-range="lastWeek"]').click();
    await expect(page).toHaveURL(/range=lastWeek/);
    await page.waitForTimeout(1500);
    expect(searches).toHaveLength(2);
  });

  test('filters by operator and quick range, keeps them in the address, and shows the service total', async ({ openConsole, api, context, server }) => {
    await demoSynced(api);
    const page = await openConsole('/records');
    await expect(page.getByTestId('records-total')).not.toHaveAttribute('data-total', '');
    await pickOption(page, 'filter-operator', '中国联通');
    await page.locator('[data-range="lastWeek"]').click();
    await expect(page).toHaveURL(/operator=CUCC/);
    await expect(page).toHaveURL(/range=lastWeek/);
    await expect
      .poll(async () => {
        const total = (await api.call('records.search', { operator: 'CUCC', ...quickRange(7), limit: 1 })).total;
        return (await page.getByTestId('records-total').getAttribute('data-total')) === String(total);
      })
      .toBe(true);
    const ops = await page.getByTestId('record-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-operator')));
    expect(ops.length).toBeGreaterThan(0);
    expect(new Set(ops)).toEqual(new Set(['CUCC']));

    // Back undoes the last filter step; a reload (a restart of the view) keeps them all.
    await page.goBack();
    await expect(page).not.toHaveURL(/range=lastWeek/);
    await expect(page).toHaveURL(/operator=CUCC/);
    await page.goForward();
    await expect(page).toHaveURL(/range=lastWeek/);
    await page.reload();
    await expect(page.getByTestId('filter-operator')).toContainText('中国联通');
    await expect(page.locator('[data-range="lastWeek"] input')).toBeChecked();

    // A new start of the console reopens the records with the same filters.
    const second = await context.newPage();
    await second.goto(`${server.origin}/#token=${server.token}`);
    await expect(second).toHaveURL(/#\/records\?operator=CUCC&range=lastWeek$/);
    await expect(second.getByTestId('records-total')).toHaveAttribute('data-total', (await page.getByTestId('records-total').getAttribute('data-total'))!);
    await second.close();
  });

  test('pages forward and back through keyset pages, with buttons and with history', async ({ openConsole, api }) => {
    await demoSynced(api);
    const filter = { result: 'failure' as const, ...quickRange(30) };
    const page = await openConsole(`/records?result=failure&from=${filter.from}&to=${filter.to}&size=20`);
    const p1 = await api.call('records.search', { ...filter, limit: 20 });
    const p2 = await api.call('records.search', { ...filter, limit: 20, after: p1.next! });
    await expect(page.getByTestId('records-total')).toHaveAttribute('data-total', String(p1.total));
    await expect.poll(async () => (await rowSeqs(page))[0]).toBe(p1.items[0]!.seq);
    expect(p1.items.map((i) => i.seq).slice(0, (await rowSeqs(page)).length)).toEqual(await rowSeqs(page));

    await page.getByTestId('page-next').click();
    await expect(page.getByTestId('page-number')).toHaveAttribute('data-page', '2');
    await expect.poll(async () => (await rowSeqs(page))[0]).toBe(p2.items[0]!.seq);
    expect(p2.items.map((i) => i.seq).slice(0, (await rowSeqs(page)).length)).toEqual(await rowSeqs(page));

    await page.getByTestId('page-prev').click();
    await expect(page.getByTestId('page-number')).toHaveAttribute('data-page', '1');
    await expect.poll(async () => (await rowSeqs(page))[0]).toBe(p1.items[0]!.seq);

    await page.goBack();
    await expect(page.getByTestId('page-number')).toHaveAttribute('data-page', '2');
    await expect.poll(async () => (await rowSeqs(page))[0]).toBe(p2.items[0]!.seq);
    await page.goForward();
    await expect(page.getByTestId('page-number')).toHaveAttribute('data-page', '1');
  });

  test('opens a record in a drawer, with its masked phone and codes', async ({ openConsole, api }) => {
    await demoSynced(api);
    const page = await openConsole('/records?result=failure');
    const first = page.getByTestId('record-row').first();
    const seq = await first.getAttribute('data-seq');
    await first.click();
    const drawer = page.locator('.record-drawer');
    await expect(drawer).toHaveAttribute('data-seq', seq!);
    await expect(page).toHaveURL(new RegExp(`record=${seq}`));
    const detail = await api.call('records.get', { seq: Number(seq) });
    if (detail.maskedPhone) await expect(drawer).toContainText(detail.maskedPhone);
    await expect(drawer).toContainText(detail.resultCode);
    expect(detail.maskedPhone ?? '138****0000').toMatch(/^\d{3}\*{4}\d{4}$/);
    await page.goBack();
    await expect(page.locator('.record-drawer')).toHaveCount(0);
  });

  test("a failed record's carrier code leads to its entry in the return-code dictionary", async ({ openConsole, api }) => {
    await demoSynced(api);
    const failures = await api.call('records.search', { result: 'failure', limit: 500 });
    const decoded = failures.items.find((i) => i.carrierCode && i.carrierMeaning);
    // The demo's carriers fail with codes the seed tables list.
    expect(decoded, 'a recent failure with a carrier code the dictionary knows').toBeTruthy();
    const code = decoded!.carrierCode!;
    const page = await openConsole(`/records?result=failure&code=${encodeURIComponent(code)}`);
    const link = page.getByTestId('record-row').first().locator(`[data-testid="code-link"][data-code="${code}"]`);
    await link.click();
    await expect(page.locator('[data-view="codes"]')).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`#/codes\\?q=${encodeURIComponent(code)}`));
    await expect(page.locator(`[data-testid="code-row"][data-code="${code}"]`).first()).toBeVisible();
    await expect(page.locator(`[data-testid="code-row"][data-code="${code}"]`).first()).toContainText(decoded!.carrierMeaning!);
  });

  test('switches language on the records screen', async ({ openConsole, api }) => {
    await demoSynced(api);
    const page = await openConsole('/records?operator=CUCC');
    await expect(page.locator('[data-view="records"] h1')).toHaveText('认证记录');
    await expect(page.getByTestId('record-row').first()).toContainText('中国联通');
    await page.getByTestId('language-toggle').click();
    await page.locator('[data-locale="en-US"]').click();
    await expect(page.locator('[data-view="records"] h1')).toHaveText('Auth records');
    await expect(page.getByTestId('record-row').first()).toContainText('China Unicom');
    await expect(page.getByTestId('records-total')).toContainText('records');
    await expect(page.getByTestId('page-next')).toHaveText('Next');
  });
});

test.describe('statistics', () => {
  test('a day opens by hour and operator, and leads to exactly its records', async ({ openConsole, api }) => {
    await demoSynced(api);
    const page = await openConsole('/statistics');
    await expect(page.getByTestId('stats-day-row')).toHaveCount(30);
    // The busiest day of the month, so its records are not a trivial zero.
    const rows = await page
      .getByTestId('stats-day-row')
      .evaluateAll((rs) => rs.map((r) => ({ date: r.getAttribute('data-date')!, calls: Number(r.getAttribute('data-calls')) })));
    const busiest = rows.reduce((a, b) => (b.calls > a.calls ? b : a));
    expect(busiest.calls).toBeGreaterThan(0);
    await page.locator(`[data-testid="stats-day-row"][data-date="${busiest.date}"]`).click();
    await expect(page.getByTestId('stats-day')).toHaveAttribute('data-date', busiest.date);
    await expect(page.getByTestId('stats-day-operators')).toBeVisible();
    await page.getByTestId('stats-day-records').click();
    await expect(page.locator('[data-view="records"]')).toBeVisible();
    await expect(page.getByTestId('records-total')).toHaveAttribute('data-total', String(busiest.calls));
  });
});
