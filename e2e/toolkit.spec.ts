/**
 * Integration toolkit (issue 17) in the browser door: a real signed APK dropped on the create form fills
 * the package name and signature; the signature debugger page names a planted mistake.
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test, expect } from './fixtures';
import { AppFormPage } from './pages/apps';
import { CodesPage, RecordsPage } from './pages/records';
import { SignatureDebuggerPage, TriagePanel } from './pages/toolkit';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'electron', 'main', 'services', 'toolkit', 'testing', 'fixtures');

test.describe('integration toolkit', () => {
  test.describe.configure({ timeout: 120_000 });

  test('a dropped APK fills package name and the MD5 apksigner printed', async ({ openConsole }) => {
    const md5 = /Signer #1 certificate MD5 digest: ([0-9a-f]{32})/.exec(readFileSync(join(fixtures, 'v1v2v3.apk.apksigner.txt'), 'utf8'))![1]!;
    const form = new AppFormPage(await openConsole('/apps/new'));
    await expect(form.root).toBeVisible();
    await form.buildInput.setInputFiles(join(fixtures, 'v1v2v3.apk'));
    await expect(form.buildResult).toContainText('com.onetap.fixture.all');
    await expect(form.field('packageName')).toHaveValue('com.onetap.fixture.all');
    await expect(form.field('packageSignature')).toHaveValue(md5.toUpperCase());
    await form.buildInput.setInputFiles(join(fixtures, 'make-fixtures.sh'));
    await expect(form.buildError).toContainText('不是 zip 格式');
  });

  test('the signature debugger names a lower-case signature', async ({ openConsole }) => {
    const f = { appid: '300011112222', version: '2.0', msgid: 'm1', systemtime: '20260101120000000', strictcheck: '0', token: 'tok' };
    const sign = createHash('md5')
      .update(`${Object.values(f).join('')}KEY`)
      .digest('hex');
    const debuggerPage = new SignatureDebuggerPage(await openConsole('/toolkit/signature'));
    await debuggerPage.request.fill(JSON.stringify({ ...f, sign }));
    await debuggerPage.key.fill('KEY');
    await debuggerPage.explain.click();
    await expect(debuggerPage.result).toHaveAttribute('data-ok', 'false');
    await expect(debuggerPage.expected).toHaveText(sign.toUpperCase());
    await expect(debuggerPage.problem('case')).toContainText('大小写错误');
  });

  test("a failed record's drawer shows its triage; the dictionary's triage link opens the page", async ({ openConsole, api, page, demoSynced: _demo }) => {
    const failures = await api.call('records.search', { result: 'failure', code: '103101', limit: 1 });
    const fallback = failures.items[0] ?? (await api.call('records.search', { result: 'failure', limit: 1 })).items[0]!;
    const expected = await api.call('triage.explain', { seq: fallback.seq });
    const records = new RecordsPage(await openConsole(`/records?result=failure&record=${fallback.seq}`));
    const triage = new TriagePanel(records.drawer);
    await expect(triage.firstCause).toHaveAttribute('data-cause', expected.causes[0]!.cause);
    if (fallback.carrierCode === '103101') await expect(triage.panel).toContainText('请求签名不对');

    const codes = new CodesPage(await openConsole('/codes?q=103511'));
    await codes.triageLink.click();
    await expect(page).toHaveURL(/\/toolkit\/triage\?code=103511/);
    await expect(new TriagePanel(codes).cause('ip-whitelist')).toContainText('服务器 IP 不在白名单');
  });

  test('send to the demo: a signed loginTokenValidate replayed against the demo answers 103000 with its meaning', async ({ openConsole, api, page }) => {
    // Only the apps are needed: wait for their sync, not the records'.
    await expect
      .poll(async () => (await api.call('sync.status')).resources.find((r) => r.resource === 'apps')?.lastSuccessAt ?? null, { timeout: 120_000 })
      .not.toBeNull();
    const demo = (await api.call('workspaces.list')).items.find((w) => w.id === 'demo')!;
    let app: { id: string; appId: string } | null = null;
    for (const row of (await api.call('apps.list', { status: ['approved'] })).items) {
      const got = await api.call('apps.get', { id: row.id });
      // Its whitelist must let this machine call the gateway (apps other specs created and approved may not).
      if (got.app.capabilities.includes('login') && got.app.encryption === 'MD5' && got.app.appId && got.app.ipWhitelist.includes('127.0.0.1'))
        app = { id: row.id, appId: got.app.appId };
      if (app) break;
    }
    expect(app).not.toBeNull();
    const { appKey } = await api.call('apps.revealKey', { id: app!.id });
    // The mobile SDK's part, played by the emulator's sandbox: a token for a China Mobile number.
    const tokenRes = await fetch(`${demo.endpoint}/sandbox/tokens`, {
      method: 'POST',
      body: JSON.stringify({ appId: app!.appId, phone: '13800138000', capability: 'login' }),
    });
    const { token } = (await tokenRes.json()) as { token: string };
    const systemtime = new Date(Date.now() + 8 * 3600_000)
      .toISOString()
      .slice(0, 23)
      .replace(/[-T:.Z]/g, '');
    const f = { appid: app!.appId, version: '2.0', msgid: `e2e-${Date.now()}`, systemtime, strictcheck: '0', token };
    const sign = createHash('md5')
      .update(`${Object.values(f).join('')}${appKey}`)
      .digest('hex')
      .toUpperCase();

    await openConsole('/toolkit/signature');
    await page
      .getByTestId('sign-request')
      .locator('textarea')
      .fill(JSON.stringify({ ...f, sign }));
    await page.getByTestId('sign-key').locator('input').fill(appKey);
    await page.getByTestId('sign-explain').click();
    await expect(page.getByTestId('sign-result')).toHaveAttribute('data-ok', 'true');
    await page.getByRole('button', { name: '发送到演示环境' }).click();
    const answer = page.getByTestId('sign-demo-result');
    await expect(answer).toHaveAttribute('data-code', '103000');
    await expect(page.getByTestId('sign-demo-status')).toHaveText('HTTP 200');
    await expect(page.getByTestId('sign-demo-code')).toContainText('成功');
    await expect(page.getByTestId('sign-demo-body')).toContainText('"msisdn":"13800138000"');

    // The same call again: the msgid was used, the demo refuses it as a replay (103107) in its own words.
    await page.getByTestId('sign-send-demo').click();
    await expect(answer).toHaveAttribute('data-code', '103107');
    await expect(page.getByTestId('sign-demo-code')).toContainText('已存在相同的随机数');
  });
});
