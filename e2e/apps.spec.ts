/**
 * App management and review screens, in the browser door against the demo workspace's
 * emulator. The admin works in the demo workspace; reviewer, finance and auditor consoles are
 * saved connections to the same emulator with that role's key (what a platform operator or a
 * colleague would configure), switched to with `workspaces.activate`.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { CallOutput } from '../shared/contract';
import type { ApiErrorBody } from '../shared/contract/errors';
import { test, expect, type ContractClient } from './fixtures';
import { AppDetailPage, AppFormPage, AppsListPage, ReviewQueuePage } from './pages/apps';
import { emulatorKeys } from '../emulator/keys';
import { DEMO_SEED } from '../electron/main/services/workspaces/demo';

type Role = 'admin' | 'finance' | 'auditor' | 'reviewer';
type Row = CallOutput<'apps.list'>['items'][number];

const PEM = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
let counter = 0;
const unique = (base: string): string => `${base}${Date.now().toString(36).slice(-4)}${++counter}`;

/** Makes `role`'s console the active one (admin: the demo itself), synced with the platform. */
async function useRole(api: ContractClient, role: Role): Promise<void> {
  const list = await api.call('workspaces.list');
  const demo = list.items.find((w) => w.kind === 'demo')!;
  if (role === 'admin') {
    await api.call('workspaces.activate', { id: demo.id });
    // The demo's own reviewer (审核员（演示）) is switched back to its admin.
    await api.call('workspaces.demoRole', { role: 'admin' });
  } else {
    const name = `e2e ${role}`;
    const have = list.items.find((w) => w.name === name);
    if (have) await api.call('workspaces.activate', { id: have.id });
    else {
      const key = emulatorKeys(DEMO_SEED).find((k) => k.role === role)!;
      await api.call('workspaces.create', { name, endpoint: demo.endpoint!, accessKey: key.accessKey, secretKey: key.secretKey, activate: true });
    }
  }
  await api.call('sync.run', { resources: ['apps', 'activities'] });
}

async function createApp(api: ContractClient, name: string): Promise<string> {
  const r = await api.call('apps.create', { draft: { name, platform: 'ios', bundleId: 'com.example.e2e', ipWhitelist: ['203.0.113.9'], encryption: 'MD5' } });
  return r.id!;
}

async function rowOf(api: ContractClient, id: string): Promise<Row> {
  return (await api.call('apps.list', {})).items.find((r) => r.id === id)!;
}

test.describe('apps', () => {
  // The demo's first sync (months of records) shares this machine with the browser: allow for it.
  test.describe.configure({ timeout: 120_000 });
  test.beforeEach(async ({ api }) => {
    await useRole(api, 'admin');
  });

  for (const platform of ['android', 'ios', 'h5'] as const) {
    test(`creates an ${platform} app through the form, with field errors and the checklist`, async ({ openConsole, page }) => {
      const list = new AppsListPage(await openConsole('/apps'));
      const form = new AppFormPage(page);
      const detail = new AppDetailPage(page);
      await expect(list.root).toBeVisible();
      await list.createButton.click();
      await expect(form.root).toBeVisible();
      const name = unique(`E2E ${platform} `);
      await form.field('name').fill(name);
      if (platform === 'h5') await form.choose('type', 'H5');
      if (platform === 'ios') await form.choose('platform', 'iOS');
      if (platform === 'android') {
        await form.field('packageName').fill('com.example.e2e');
        await form.field('packageSignature').fill('12345');
        await form.field('packageSignature').blur();
        await expect(form.fieldRow('packageSignature')).toContainText('应用签名应为 32 位十六进制字符');
        await form.field('packageSignature').fill('ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89');
      }
      if (platform === 'ios') await form.field('bundleId').fill('com.example.e2e');
      if (platform === 'h5') {
        await form.field('origins').fill('ftp://bad.example');
        await form.field('origins').blur();
        await expect(form.fieldRow('origins')).toContainText('不是有效的 http(s) 来源');
        await form.field('origins').fill('https://m.e2e.example');
      }
      await form.field('ipWhitelist').fill('10.0.0.300');
      await form.field('ipWhitelist').blur();
      await expect(form.fieldRow('ipWhitelist')).toContainText('“10.0.0.300”不是有效的 IP');
      await form.field('ipWhitelist').fill('203.0.113.7\n2001:db8::/48');
      await form.field('rsaPublicKey').fill('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----');
      await form.field('rsaPublicKey').blur();
      await expect(form.fieldRow('rsaPublicKey')).toContainText('公钥内容无法解析');
      await form.field('rsaPublicKey').fill(PEM);
      await expect(form.submit).toBeDisabled();
      await form.confirmChecklist();
      await form.submit.click();
      await expect(detail.root).toBeVisible();
      await expect(detail.appName).toHaveText(name);
      await expect(detail.status('pending')).toBeVisible();
      if (platform === 'android') await expect(detail.signature).toHaveText('ABCDEF0123456789ABCDEF0123456789');
      await expect(detail.keyNotIssued).toBeVisible();
      await detail.backToList.click();
      await expect(list.rowByName(name)).toHaveAttribute('data-status', 'pending');
    });
  }

  test('a taken name is refused in the form, and the English UI words field errors in English', async ({ openConsole, api }) => {
    const name = unique('重名测试');
    await createApp(api, name);
    await api.call('settings.set', { locale: 'en-US' });
    const form = new AppFormPage(await openConsole('/apps/new'));
    await form.field('name').fill(name);
    await form.field('name').blur();
    await expect(form.fieldRow('name')).toContainText('already in use');
    await form.field('packageSignature').fill('xyz');
    await form.field('packageSignature').blur();
    await expect(form.fieldRow('packageSignature')).toContainText('32 hex characters');
  });

  test('each status offers exactly its actions', async ({ openConsole, page, api }) => {
    const ids = {
      pending: await createApp(api, unique('待审核 ')),
      reviewing: await createApp(api, unique('审核中 ')),
      approved: await createApp(api, unique('已通过 ')),
      rejected: await createApp(api, unique('已驳回 ')),
    };
    await useRole(api, 'reviewer');
    for (const id of [ids.reviewing, ids.approved, ids.rejected]) await api.call('apps.review', { id, action: 'start' });
    await api.call('apps.review', { id: ids.approved, action: 'approve' });
    await api.call('apps.review', { id: ids.rejected, action: 'reject', reason: '名称不规范' });
    await useRole(api, 'admin');
    const list = new AppsListPage(await openConsole('/apps'));
    const actionsOf = (id: string) => list.actions(id);
    await expect(actionsOf(ids.pending)).toHaveText(['查看', '修改', '删除']);
    await expect(actionsOf(ids.reviewing)).toHaveText(['查看']);
    await expect(actionsOf(ids.approved)).toHaveText(['查看', '修改', '删除']);
    await expect(actionsOf(ids.rejected)).toHaveText(['查看', '修改并重新提交', '删除']);
    await expect(list.row(ids.approved).getByTestId('app-id')).toHaveText(/\S+/);
    // The service refuses what the view does not offer.
    const refused = await page.evaluate(async (id) => {
      const token = sessionStorage.getItem('onetap.token');
      const res = await fetch('/api/apps.update', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ id, patch: { name: 'x' } }),
      });
      return { status: res.status, body: (await res.json()) as { error: ApiErrorBody } };
    }, ids.reviewing);
    expect(refused.status).toBe(409);
    expect(refused.body.error).toMatchObject({ code: 'APP_IN_REVIEW', message: '应用审核中，仅支持查看' });
  });

  test('review round trip: submit → start → approve shows the AppId; reject → modify → pending again', async ({ openConsole, page, api }) => {
    // Reviews, their confirmation dialog and confirming syncs, a resubmission: allow for a shared machine.
    test.slow();
    const approvedName = unique('通过流程 ');
    const rejectedName = unique('驳回流程 ');
    const approveId = await createApp(api, approvedName);
    const rejectId = await createApp(api, rejectedName);

    await useRole(api, 'reviewer');
    const queue = new ReviewQueuePage(await openConsole('/apps/queue'));
    const detail = new AppDetailPage(page);
    const form = new AppFormPage(page);
    await expect(queue.reviewerNotice).toBeVisible();
    await queue.action(approveId, 'start').click();
    await queue.action(rejectId, 'start').click();
    await queue.tab('reviewing').click();
    await queue.action(approveId, 'approve').click();
    // Approving asks once, naming the app.
    await expect(page.getByRole('dialog')).toContainText(approvedName);
    await page.getByRole('dialog').getByRole('button', { name: '审核通过' }).click();
    await expect(queue.row(approveId)).toHaveCount(0);
    await queue.reject(rejectId, '应用名称与上架名称不一致');
    await expect(queue.row(rejectId)).toHaveCount(0);

    await useRole(api, 'admin');
    await detail.go(`/apps/${approveId}`);
    await expect(detail.appId).toHaveText(/\S+/);
    const key = detail.keyValue;
    await expect(key).toHaveAttribute('data-revealed', 'false');
    await expect(key).toHaveText(/^•+$/);
    await detail.keyReveal.click();
    await expect(key).toHaveAttribute('data-revealed', 'true');
    await expect(key).not.toHaveText(/•/);
    await expect(detail.keyReveals).toContainText('显示 · 浏览器模式');
    await detail.keyHide.click();
    await expect(key).toHaveAttribute('data-revealed', 'false');
    await expect(detail.timelineEntries).toHaveCount(4);

    await detail.go(`/apps/${rejectId}`);
    await expect(detail.rejectReason).toContainText('应用名称与上架名称不一致');
    await detail.action('modify').click();
    await expect(form.resubmitHint).toBeVisible();
    await expect(form.field('bundleId')).toBeDisabled();
    await form.field('name').fill(`${rejectedName} 修正`);
    await form.confirmChecklist();
    await form.submit.click();
    await expect(detail.root).toBeVisible();
    await expect(detail.appName).toHaveText(`${rejectedName} 修正`);
    expect((await rowOf(api, rejectId)).status).toBe('pending');
    await detail.changeHistory.waitFor({ state: 'attached' });
    await expect(detail.changeOf('name')).toContainText('修正');
  });

  test('delete needs the exact name typed', async ({ openConsole, page, api }) => {
    const name = unique('删除确认 ');
    const id = await createApp(api, name);
    const detail = new AppDetailPage(await openConsole(`/apps/${id}`));
    const list = new AppsListPage(page);
    await detail.action('delete').click();
    const confirm = detail.deleteConfirm;
    await expect(confirm).toBeDisabled();
    await detail.deleteConfirmName.fill(name.slice(0, -1));
    await expect(confirm).toBeDisabled();
    await detail.deleteConfirmName.fill(name);
    await confirm.click();
    await expect(detail.deleteDialog).toHaveCount(0);
    expect((await api.call('apps.list', {})).items.some((r) => r.id === id)).toBe(false);
    await list.go('/apps');
    await expect(list.root).toBeVisible();
    await expect(list.row(id)).toHaveCount(0);
  });

  for (const role of ['finance', 'auditor'] as const) {
    test(`a ${role} key sees apps read-only`, async ({ openConsole, page, api }) => {
      await createApp(api, unique(`${role} 可见 `));
      await useRole(api, role);
      const list = new AppsListPage(await openConsole('/apps'));
      const detail = new AppDetailPage(page);
      await expect(list.readOnlyNotice).toBeVisible();
      await expect(list.createButton).toHaveCount(0);
      const rows = list.rows;
      await expect(rows.first()).toBeVisible();
      await expect(list.changingActions).toHaveCount(0);
      await rows.first().locator('[data-action="view"]').click();
      await expect(detail.root).toBeVisible();
      await expect(detail.actions).toHaveCount(0);
      await expect(detail.keyReveal).toHaveCount(0);
      await expect(detail.cloneButton).toHaveCount(0);
      await useRole(api, 'admin');
    });
  }

  test('the review queue shows waiting time and the working-day rule', async ({ openConsole, api }) => {
    const id = await createApp(api, unique('队列 '));
    const queue = new ReviewQueuePage(await openConsole('/apps/queue'));
    const row = queue.row(id);
    await expect(row).toBeVisible();
    await expect(row.getByTestId('queue-age')).toHaveAttribute('data-overdue', 'false');
    await expect(queue.root).toContainText('未计入法定节假日');
  });

  test('the demo reviewer (审核员（演示）): no account, no key copied; the app stuck in review is approved, another rejected, the admin sees both', async ({
    openConsole,
    page,
    api,
  }) => {
    // Two role switches, three reviews and their confirming syncs: allow for a shared machine.
    test.slow();
    const waiting = (await api.call('apps.list', {})).items.filter((r) => r.status === 'reviewing');
    // The demo's own app in review: the one waiting longest (apps other tests put in review waited less).
    const stuck = waiting.sort((a, b) => (a.waitingSince ?? 0) - (b.waitingSince ?? 0))[0]!;
    expect(stuck).toBeDefined();
    const rejectName = unique('演示驳回 ');
    const rejectId = await createApp(api, rejectName);

    await openConsole('/apps');
    const roleSwitch = page.getByTestId('demo-role-switch');
    await expect(roleSwitch).toHaveAttribute('data-role', 'admin');
    await page.getByTestId('demo-role-reviewer').click();
    await expect(roleSwitch).toHaveAttribute('data-role', 'reviewer');
    const queue = new ReviewQueuePage(page);
    await expect(queue.root).toBeVisible();
    await expect(queue.reviewerNotice).toBeVisible();

    await queue.action(rejectId, 'start').click();
    await queue.tab('reviewing').click();
    await queue.action(stuck.id, 'approve').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(stuck.name);
    await dialog.getByRole('button', { name: '审核通过' }).click();
    await expect(queue.row(stuck.id)).toHaveCount(0);
    await queue.reject(rejectId, '隐私政策链接无法打开');
    await expect(queue.row(rejectId)).toHaveCount(0);

    await page.getByTestId('demo-role-admin').click();
    await expect(roleSwitch).toHaveAttribute('data-role', 'admin');
    const detail = new AppDetailPage(page);
    await detail.go(`/apps/${stuck.id}`);
    await expect(detail.root.locator('[data-status="approved"]').first()).toBeVisible();
    await expect(detail.appId).toHaveText(/\S+/);
    await expect(detail.timelineEntries.and(page.locator('[data-kind="approved"]'))).toHaveCount(1);
    await detail.go(`/apps/${rejectId}`);
    await expect(detail.rejectReason).toContainText('隐私政策链接无法打开');
    expect((await rowOf(api, stuck.id)).status).toBe('approved');
  });
});
