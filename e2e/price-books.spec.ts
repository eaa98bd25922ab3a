/// <reference lib="dom" />
/**
 * Price books in the browser door, on the demo workspace: a negotiated book added in the editor
 * (a refused one first: the schema's messages shown in place, nothing saved), chosen for the
 * workspace, and the month's bill on the Billing page priced with it — the amount an independent
 * calculation gives for the same charged calls.
 */
import { test, expect, type ContractClient } from './fixtures';
import { pickOption } from './pages/select';
import { shanghaiMonth } from '../shared/time/shanghai';
import { formatYuanString } from '../renderer/composables/money-format';

async function synced(api: ContractClient): Promise<void> {
  const list = await api.call('workspaces.list');
  await api.call('workspaces.activate', { id: list.items.find((w) => w.kind === 'demo' && w.provider === 'onetap')!.id });
  await api.call('sync.run', {});
}

/** Independently: the book below, progressive — (0, 1000] at 0.010 元, beyond at 0.005 元; half-up to the fen once. */
function negotiatedAmount(charged: number): string {
  const mills = Math.min(charged, 1000) * 10 + Math.max(0, charged - 1000) * 5;
  const fen = Math.floor((mills + 5) / 10);
  return `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
}

test.describe('price books', () => {
  // The demo's first sync shares this machine with the browser: allow for it.
  test.describe.configure({ timeout: 300_000 });

  test('a negotiated book added in the editor prices the month on the Billing page', async ({ api, openConsole, page }) => {
    await synced(api);
    const month = shanghaiMonth(Date.now());
    const before = await api.call('billing.month', { month });
    expect(before.ladder.source).not.toBe('book');
    const name = `协议价 e2e ${Date.now()}`;
    try {
      await openConsole('/billing');
      await page.getByTestId('open-price-books').click();
      await expect(page.locator('[data-view="billing-books"]')).toBeVisible();
      await expect(page.getByTestId('book-row-aliyun-dypns')).toBeVisible();
      // Built-in books are read-only: they can be duplicated, not edited or deleted.
      await expect(page.getByTestId('book-edit-onetap')).toHaveCount(0);
      await expect(page.getByTestId('book-delete-onetap')).toHaveCount(0);

      await page.getByTestId('book-add').click();
      const editor = page.getByTestId('book-editor');
      await expect(editor).toBeVisible();
      await page.getByTestId('book-name').locator('input').fill(name);
      await page.getByTestId('book-source').locator('textarea').fill('合同 HT-E2E 附件二');
      await page.getByTestId('book-add-tier').click();
      await page.getByLabel('第 1 档 · 单价（厘/次）').fill('10');
      await page.getByLabel('第 2 档 · 单价（厘/次）').fill('5');
      // The first tier's upper bound is left empty: refused, said in place, nothing saved.
      await page.getByTestId('book-save').click();
      const errors = page.getByTestId('book-errors');
      await expect(errors).toBeVisible();
      await expect(errors.locator('[data-field="tiers.0.to"]')).toContainText('第 1 档 · 上限（含）');
      await expect(errors.locator('[data-field="tiers.0.to"]')).toContainText('只有最后一个阶梯可以不设上限');
      expect((await api.call('priceBooks.list')).books.some((b) => b.name === name)).toBe(false);

      await page.getByLabel('第 1 档 · 上限（含）').fill('1000');
      await page.getByLabel('第 1 档 · 上限（含）').blur();
      await expect(page.getByTestId('book-tiers').locator('[data-tier-row="1"] [data-col="from"]')).toHaveText('1,000');
      await page.getByTestId('book-save').click();
      await expect(editor).toBeHidden();
      const saved = (await api.call('priceBooks.list')).books.find((b) => b.name === name)!;
      expect(saved).toMatchObject({
        custom: true,
        provider: 'onetap',
        model: 'progressive',
        tiers: [
          { from: 0, to: 1000, unitPriceMills: 10 },
          { from: 1000, to: null, unitPriceMills: 5 },
        ],
      });
      await expect(page.getByTestId(`book-row-${saved.id}`)).toBeVisible();

      // Choose it for this workspace: the current month is billed with it (effective today).
      await pickOption(page.getByTestId('workspace-books-select'), name);
      await page.getByTestId('workspace-books-save').click();
      await expect(page.getByTestId('workspace-books-months')).toContainText(month);
      await expect(page.getByTestId('workspace-books-months')).toContainText(name);

      await openConsole(`/billing?month=${month}`);
      await expect(page.locator(`[data-month="${month}"]`)).toBeVisible();
      await expect(page.getByTestId('bill-ladder-source')).toContainText(name);
      // The page shows the main process's bill, and that bill is the independent amount for its charged calls.
      const after = await api.call('billing.month', { month });
      expect(after.ladder.book?.id).toBe(saved.id);
      expect(after.amount).toBe(negotiatedAmount(after.charged));
      await expect(page.getByTestId('bill-amount')).toHaveText(formatYuanString(after.amount));
    } finally {
      await api.call('workspaces.setPriceBooks', { books: [] });
      for (const b of (await api.call('priceBooks.list')).books) if (b.name === name) await api.call('priceBooks.delete', { id: b.id });
    }
    expect((await api.call('billing.month', { month })).ladder.source).toBe(before.ladder.source);
  });
});
