/**
 * Integration toolkit (issue 17) in the browser door: a real signed APK dropped on the create form fills
 * the package name and signature; the signature debugger page names a planted mistake.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect, type ContractClient } from './fixtures';

async function demoSynced(api: ContractClient): Promise<void> {
  await expect
    .poll(async () => (await api.call('sync.status')).resources.find((r) => r.resource === 'records')?.lastSuccessAt ?? null, { timeout: 60_000 })
    .not.toBeNull();
}

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'electron', 'main', 'services', 'toolkit', 'testing', 'fixtures');

test.describe('integration toolkit', () => {
  test.describe.configure({ timeout: 120_000 });

  test('a dropped APK fills package name and the MD5 apksigner printed', async ({ openConsole, page }) => {
    const md5 = /Signer #1 certificate MD5 digest: ([0-9a-f]{32})/.exec(readFileSync(join(fixtures, 'v1v2v3.apk.apksigner.txt'), 'utf8'))![1]!;
    await openConsole('/apps/new');
    await expect(page.locator('[data-view="apps-form"]')).toBeVisible();
    await page.getByTestId('build-input').setInputFiles(join(fixtures, 'v1v2v3.apk'));
    await expect(page.getByTestId('build-result')).toContainText('com.onetap.fixture.all');
    await expect(page.getByTestId('field-packageName').locator('input')).toHaveValue('com.onetap.fixture.all');
    await expect(page.getByTestId('field-packageSignature').locator('input')).toHaveValue(md5.toUpperCase());
    await page.getByTestId('build-input').setInputFiles(join(fixtures, 'make-fixtures.sh'));
    await expect(page.getByTestId('build-error')).toContainText('不是 zip 格式');
  });

  test('the signature debugger names a lower-case signature', async ({ openConsole, page }) => {
    const f = { appid: '300011112222', version: '2.0', msgid: 'm1', systemtime: '20260101120000000', strictcheck: '0', token: 'tok' };
    const sign = createHash('md5')
      .update(`${Object.values(f).join('')}KEY`)
      .digest('hex');
    await openConsole('/toolkit/signature');
    await page
      .getByTestId('sign-request')
      .locator('textarea')
      .fill(JSON.stringify({ ...f, sign }));
    await page.getByTestId('sign-key').locator('input').fill('KEY');
    await page.getByTestId('sign-explain').click();
    await expect(page.getByTestId('sign-result')).toHaveAttribute('data-ok', 'false');
    await expect(page.getByTestId('sign-expected')).toHaveText(sign.toUpperCase());
    await expect(page.locator('[data-problem="case"]')).toContainText('大小写错误');
  });

  test("a failed record's drawer shows its triage; the dictionary's triage link opens the page", async ({ openConsole, api, page }) => {
    await demoSynced(api);
    const failures = await api.call('records.search', { result: 'failure', code: '103101', limit: 1 });
    const fallback = failures.items[0] ?? (await api.call('records.search', { result: 'failure', limit: 1 })).items[0]!;
    const expected = await api.call('triage.explain', { seq: fallback.seq });
    await openConsole(`/records?result=failure&record=${fallback.seq}`);
    const panel = page.locator('.record-drawer').getByTestId('triage-panel');
    await expect(panel.locator('[data-cause]').first()).toHaveAttribute('data-cause', expected.causes[0]!.cause);
    if (fallback.carrierCode === '103101') await expect(panel).toContainText('请求签名不对');

    await openConsole('/codes?q=103511');
    await page.getByTestId('code-triage').first().click();
    await expect(page).toHaveURL(/\/toolkit\/triage\?code=103511/);
    await expect(page.getByTestId('triage-panel').locator('[data-cause="ip-whitelist"]')).toContainText('服务器 IP 不在白名单');
  });
});
