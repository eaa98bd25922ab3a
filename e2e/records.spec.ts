/// <reference lib="dom" />
// The records, statistics and code dictionary screens against the demo workspace: filters in
// the address, keyset paging both ways, the record drawer, codes through to the dictionary,
// a statistics day through to its records, and the language switch.
import { test, expect } from './fixtures';
import { CodesPage, RecordsPage, StatisticsPage } from './pages/records';

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

test.describe('records', () => {
  test('one filter change runs one search', async ({ openConsole, demoSynced: _demo }) => {
    test.setTimeout(150_000);
    const page = await openConsole('/records');
    const records = new RecordsPage(page);
    await expect(records.total).not.toHaveAttribute('data-total', '');
    // Let the first load settle (sync events and app lists may arrive after the first search).
    await page.waitForTimeout(1500);
    const searches: string[] = [];
    page.on('request', (r) => {
      if (r.url().endsWith('/api/records.search')) searches.push(r.postData() ?? '');
    });
    await records.filterOperator('中国电信');
    await expect(page).toHaveURL(/operator=CTCC/);
    await expect.poll(() => searches.length).toBeGreaterThanOrEqual(1);
    await page.waitForTimeout(1500);
    expect(searches).toHaveLength(1);
    expect(JSON.parse(searches[0]!)).toMatchObject({ operator: 'CTCC' });
    await records.range('lastWeek').click();
    await expect(page).toHaveURL(/range=lastWeek/);
    await page.waitForTimeout(1500);
    expect(searches).toHaveLength(2);
  });

  test('filters by operator and quick range, keeps them in the address, and shows the service total', async ({
    openConsole,
    api,
    context,
    server,
    demoSynced: _demo,
  }) => {
    const page = await openConsole('/records');
    const records = new RecordsPage(page);
    await expect(records.total).not.toHaveAttribute('data-total', '');
    await records.filterOperator('中国联通');
    await records.range('lastWeek').click();
    await expect(page).toHaveURL(/operator=CUCC/);
    await expect(page).toHaveURL(/range=lastWeek/);
    await expect
      .poll(async () => {
        const total = (await api.call('records.search', { operator: 'CUCC', ...quickRange(7), limit: 1 })).total;
        return (await records.total.getAttribute('data-total')) === String(total);
      })
      .toBe(true);
    const ops = await records.rowOperators();
    expect(ops.length).toBeGreaterThan(0);
    expect(new Set(ops)).toEqual(new Set(['CUCC']));

    // Back undoes the last filter step; a reload (a restart of the view) keeps them all.
    await page.goBack();
    await expect(page).not.toHaveURL(/range=lastWeek/);
    await expect(page).toHaveURL(/operator=CUCC/);
    await page.goForward();
    await expect(page).toHaveURL(/range=lastWeek/);
    await page.reload();
    await expect(records.operatorFilter).toContainText('中国联通');
    await expect(records.range('lastWeek').getByRole('radio')).toBeChecked();

    // A new start of the console reopens the records with the same filters.
    const second = await context.newPage();
    await second.goto(`${server.origin}/#token=${server.token}`);
    await expect(second).toHaveURL(/#\/records\?operator=CUCC&range=lastWeek$/);
    await expect(new RecordsPage(second).total).toHaveAttribute('data-total', (await records.total.getAttribute('data-total'))!);
    await second.close();
  });

  test('pages forward and back through keyset pages, with buttons and with history', async ({ openConsole, api, demoSynced: _demo }) => {
    const filter = { result: 'failure' as const, ...quickRange(30) };
    const records = new RecordsPage(await openConsole(`/records?result=failure&from=${filter.from}&to=${filter.to}&size=20`));
    const p1 = await api.call('records.search', { ...filter, limit: 20 });
    const p2 = await api.call('records.search', { ...filter, limit: 20, after: p1.next! });
    await expect(records.total).toHaveAttribute('data-total', String(p1.total));
    await expect.poll(async () => (await records.rowSeqs())[0]).toBe(p1.items[0]!.seq);
    expect(p1.items.map((i) => i.seq).slice(0, (await records.rowSeqs()).length)).toEqual(await records.rowSeqs());
    // The jump box offers the pages there are, not naive-ui's default "Please Input" (clipped in its 72 px).
    const pages = Math.ceil(p1.total / 20);
    await expect(records.pageNumber).toHaveAttribute('data-pages', String(pages));
    await expect(records.page.getByTestId('page-jump').locator('input')).toHaveAttribute('placeholder', `1–${pages}`);

    await records.pageNext.click();
    await expect(records.pageNumber).toHaveAttribute('data-page', '2');
    await expect.poll(async () => (await records.rowSeqs())[0]).toBe(p2.items[0]!.seq);
    expect(p2.items.map((i) => i.seq).slice(0, (await records.rowSeqs()).length)).toEqual(await records.rowSeqs());

    await records.pagePrev.click();
    await expect(records.pageNumber).toHaveAttribute('data-page', '1');
    await expect.poll(async () => (await records.rowSeqs())[0]).toBe(p1.items[0]!.seq);

    await records.page.goBack();
    await expect(records.pageNumber).toHaveAttribute('data-page', '2');
    await expect.poll(async () => (await records.rowSeqs())[0]).toBe(p2.items[0]!.seq);
    await records.page.goForward();
    await expect(records.pageNumber).toHaveAttribute('data-page', '1');
  });

  test('opens a record in a drawer, with its masked phone and codes', async ({ openConsole, api, demoSynced: _demo }) => {
    const page = await openConsole('/records?result=failure');
    const records = new RecordsPage(page);
    const first = records.rows.first();
    const seq = await first.getAttribute('data-seq');
    await first.click();
    const drawer = records.drawer;
    await expect(drawer).toHaveAttribute('data-seq', seq!);
    await expect(page).toHaveURL(new RegExp(`record=${seq}`));
    const detail = await api.call('records.get', { seq: Number(seq) });
    if (detail.maskedPhone) await expect(drawer).toContainText(detail.maskedPhone);
    await expect(drawer).toContainText(detail.resultCode);
    expect(detail.maskedPhone ?? '138****0000').toMatch(/^\d{3}\*{4}\d{4}$/);
    await page.goBack();
    await expect(records.drawer).toHaveCount(0);
  });

  test("a failed record's carrier code leads to its entry in the return-code dictionary", async ({ openConsole, api, demoSynced: _demo }) => {
    const failures = await api.call('records.search', { result: 'failure', limit: 500 });
    const decoded = failures.items.find((i) => i.carrierCode && i.carrierMeaning);
    // The demo's carriers fail with codes the seed tables list.
    expect(decoded, 'a recent failure with a carrier code the dictionary knows').toBeTruthy();
    const code = decoded!.carrierCode!;
    const page = await openConsole(`/records?result=failure&code=${encodeURIComponent(code)}`);
    const records = new RecordsPage(page);
    const link = records.codeLink(records.rows.first(), code);
    await link.click();
    const codes = new CodesPage(page);
    await expect(codes.root).toBeVisible();
    await expect(page).toHaveURL(new RegExp(`#/codes\\?q=${encodeURIComponent(code)}&field=carrierCode&op=${decoded!.operator}`));
    // The same code means different things per carrier: the record's own entry is the first row, highlighted.
    await expect(codes.row(code)).toBeVisible();
    await expect(codes.row(code)).toContainText(decoded!.carrierMeaning!);
    await expect(codes.row(code)).toHaveClass(/codes-view__hit/);
  });

  test('switches language on the records screen', async ({ openConsole, demoSynced: _demo }) => {
    const page = await openConsole('/records?operator=CUCC');
    const records = new RecordsPage(page);
    await expect(records.title).toHaveText('认证记录');
    await expect(records.rows.first()).toContainText('中国联通');
    await records.switchLanguage('en-US');
    await expect(records.title).toHaveText('Auth records');
    await expect(records.rows.first()).toContainText('China Unicom');
    await expect(records.total).toContainText('records');
    await expect(records.pageNext).toHaveText('Next');
  });

  test('every default column is in sight at 1440 px, in both languages, without scrolling sideways', async ({ openConsole, demoSynced: _demo }) => {
    const page = await openConsole('/records');
    await page.setViewportSize({ width: 1440, height: 900 });
    const records = new RecordsPage(page);
    const inSight = () =>
      page.getByTestId('records-table').evaluate((table) => {
        const box = table.getBoundingClientRect();
        const heads = [...table.querySelectorAll('thead th')].map((th) => th.getBoundingClientRect());
        // Whatever scrolls sideways inside the table (its header, its rows' virtual list); a cell's ellipsis clips by design.
        const clipping = [...table.querySelectorAll<HTMLElement>('*')].filter((e) => ['auto', 'scroll'].includes(getComputedStyle(e).overflowX));
        return {
          columns: heads.length,
          cut: heads.filter((r) => r.right > box.right + 1 || r.left < box.left - 1).length,
          sideways: Math.max(0, ...clipping.map((e) => e.scrollWidth - e.clientWidth)),
        };
      });
    for (const locale of ['zh-CN', 'en-US'] as const) {
      if (locale === 'en-US') await records.switchLanguage('en-US');
      await expect(records.rows.first()).toBeVisible();
      const seen = await inSight();
      expect(seen.columns).toBeGreaterThanOrEqual(9);
      expect(seen).toMatchObject({ cut: 0, sideways: 0 });
    }
  });
});

test.describe('statistics', () => {
  test('a day opens by hour and operator, and leads to exactly its records', async ({ openConsole, demoSynced: _demo }) => {
    const page = await openConsole('/statistics');
    const stats = new StatisticsPage(page);
    await expect(stats.dayRows).toHaveCount(30);
    // The busiest day of the month, so its records are not a trivial zero.
    const rows = await stats.days();
    const busiest = rows.reduce((a, b) => (b.calls > a.calls ? b : a));
    expect(busiest.calls).toBeGreaterThan(0);
    await stats.dayRow(busiest.date).click();
    await expect(stats.day).toHaveAttribute('data-date', busiest.date);
    await expect(stats.dayOperators).toBeVisible();
    await stats.dayRecordsLink.click();
    const records = new RecordsPage(page);
    await expect(records.root).toBeVisible();
    await expect(records.total).toHaveAttribute('data-total', String(busiest.calls));
  });
});
