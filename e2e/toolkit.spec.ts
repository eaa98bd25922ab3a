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
});
