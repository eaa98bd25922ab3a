/**
 * App management and review screens, in the browser door against the demo workspace's
 * emulator. The admin works in the demo workspace; reviewer, finance and auditor consoles are
 * saved connections to the same emulator with that role's key (what a platform operator or a
 * colleague would configure), switched to with `workspaces.activate`.
 */
import { generateKeyPairSync } from 'node:crypto';
import type { Page } from '@playwright/test';
import type { CallOutput } from '../shared/contract';
import { test, expect, type ContractClient } from './fixtures';
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

function field(page: Page, name: string, kind: 'input' | 'textarea' = 'input') {
  return page.getByTestId(`field-${name}`).locator(kind);
}

/**
 * Opens a view in the page already showing the console. (openConsole again would only change
 * the fragment of a loaded page, so its `&token=` would end up in the route.)
 */
async function go(page: Page, path: string): Promise<void> {
  await page.evaluate((hash) => {
    location.hash = hash;
  }, `#${path}`);
}

async function confirmChecklist(page: Page): Promise<void> {
  await page.getByTestId('checklist-login-text').locator('input').fill('本机号码一键登录');
  for (const c of ['loginButtonText', 'carrierTerms', 'maskedNumber', 'notHidden']) await page.getByTestId(`confirm-${c}`).click();
  await expect(page.getByTestId('checklist')).toHaveAttribute('data-ready', 'true');
}

test.describe('apps', () => {
  // The demo's first sync (months of records) shares this machine with the browser: allow for it.
  test.describe.configure({ timeout: 120_000 });
  test.beforeEach(async ({ api }) => {
    await useRole(api, 'admin');
  });

  for (const platform of ['android', 'ios', 'h5'] as const) {
    test(`creates an ${platform} app through the form, with field errors and the checklist`, async ({ openConsole, page }) => {
      await openConsole('/apps');
      await expect(page.locator('[data-view="apps"]')).toBeVisible();
      await page.getByTestId('apps-create').click();
      await expect(page.locator('[data-view="apps-form"]')).toBeVisible();
      const name = unique(`E2E ${platform} `);
      await field(page, 'name').fill(name);
      if (platform === 'h5') await page.getByTestId('field-type').getByText('H5').click();
      if (platform === 'ios') await page.getByTestId('field-platform').getByText('iOS').click();
      if (platform === 'android') {
        await field(page, 'packageName').fill('com.example.e2e');
        await field(page, 'packageSignature').fill('12345');
        await field(page, 'packageSignature').blur();
        await expect(page.locator('[data-field="packageSignature"]')).toContainText('应用签名应为 32 位十六进制字符');
        await field(page, 'packageSignature').fill('ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89');
      }
      if (platform === 'ios') await field(page, 'bundleId').fill('com.example.e2e');
      if (platform === 'h5') {
        await field(page, 'origins', 'textarea').fill('ftp://bad.example');
        await field(page, 'origins', 'textarea').blur();
        await expect(page.locator('[data-field="origins"]')).toContainText('不是有效的 http(s) 来源');
        await field(page, 'origins', 'textarea').fill('https://m.e2e.example');
      }
      await field(page, 'ipWhitelist', 'textarea').fill('10.0.0.300');
      await field(page, 'ipWhitelist', 'textarea').blur();
      await expect(page.locator('[data-field="ipWhitelist"]')).toContainText('“10.0.0.300”不是有效的 IP');
      await field(page, 'ipWhitelist', 'textarea').fill('203.0.113.7\n2001:db8::/48');
      await field(page, 'rsaPublicKey', 'textarea').fill('-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----');
      await field(page, 'rsaPublicKey', 'textarea').blur();
      await expect(page.locator('[data-field="rsaPublicKey"]')).toContainText('公钥内容无法解析');
      await field(page, 'rsaPublicKey', 'textarea').fill(PEM);
      await expect(page.getByTestId('form-submit')).toBeDisabled();
      await confirmChecklist(page);
      await page.getByTestId('form-submit').click();
      await expect(page.locator('[data-view="apps-detail"]')).toBeVisible();
      await expect(page.getByTestId('detail-name')).toHaveText(name);
      await expect(page.locator('[data-view="apps-detail"] [data-status="pending"]').first()).toBeVisible();
      if (platform === 'android') await expect(page.getByTestId('detail-signature')).toHaveText('ABCDEF0123456789ABCDEF0123456789');
      await expect(page.getByTestId('key-not-issued')).toBeVisible();
      await page.getByTestId('back-to-list').click();
      await expect(page.locator(`[data-testid="app-row"][data-name="${name}"]`)).toHaveAttribute('data-status', 'pending');
    });
  }

  test('a taken name is refused in the form, and the English UI words field errors in English', async ({ openConsole, page, api }) => {
    const name = unique('重名测试');
    await createApp(api, name);
    await api.call('settings.set', { locale: 'en-US' });
    await openConsole('/apps/new');
    await field(page, 'name').fill(name);
    await field(page, 'name').blur();
    await expect(page.locator('[data-field="name"]')).toContainText('already in use');
    await field(page, 'packageSignature').fill('xyz');
    await field(page, 'packageSignature').blur();
    await expect(page.locator('[data-field="packageSignature"]')).toContainText('32 hex characters');
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
    await openConsole('/apps');
    const actionsOf = (id: string) => page.locator(`[data-testid="app-row"][data-id="${id}"] [data-action]`);
    await expect(actionsOf(ids.pending)).toHaveText(['查看', '修改', '删除']);
    await expect(actionsOf(ids.reviewing)).toHaveText(['查看']);
    await expect(actionsOf(ids.approved)).toHaveText(['查看', '修改', '删除']);
    await expect(actionsOf(ids.rejected)).toHaveText(['查看', '修改并重新提交', '删除']);
    await expect(page.locator(`[data-testid="app-row"][data-id="${ids.approved}"] [data-testid="app-id"]`)).toHaveText(/\S+/);
    // The service refuses what the view does not offer.
    const refused = await page.evaluate(async (id) => {
      const token = sessionStorage.getItem('onetap.token');
      const res = await fetch('/api/apps.update', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
        body: JSON.stringify({ id, patch: { name: 'x' } }),
      });
      return { status: res.status, body: (await res.json()) as { error: { code: string; message: string } } };
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
    await openConsole('/apps/queue');
    await expect(page.getByTestId('access-reviewer')).toBeVisible();
    const queueRow = (id: string) => page.locator(`[data-testid="queue-row"][data-id="${id}"]`);
    await queueRow(approveId).locator('[data-action="start"]').click();
    await queueRow(rejectId).locator('[data-action="start"]').click();
    await page.getByTestId('queue-tab-reviewing').click();
    await queueRow(approveId).locator('[data-action="approve"]').click();
    // Approving asks once, naming the app.
    await expect(page.getByRole('dialog')).toContainText(approvedName);
    await page.getByRole('dialog').getByRole('button', { name: '审核通过' }).click();
    await expect(queueRow(approveId)).toHaveCount(0);
    await queueRow(rejectId).locator('[data-action="reject"]').click();
    await page.getByTestId('reject-reason').locator('textarea').fill('应用名称与上架名称不一致');
    await page.getByTestId('reject-confirm').click();
    await expect(queueRow(rejectId)).toHaveCount(0);

    await useRole(api, 'admin');
    await go(page, `/apps/${approveId}`);
    await expect(page.getByTestId('detail-app-id')).toHaveText(/\S+/);
    const key = page.getByTestId('app-key-value');
    await expect(key).toHaveAttribute('data-revealed', 'false');
    await expect(key).toHaveText(/^•+$/);
    await page.getByTestId('key-reveal').click();
    await expect(key).toHaveAttribute('data-revealed', 'true');
    await expect(key).not.toHaveText(/•/);
    await expect(page.getByTestId('key-reveals')).toContainText('显示 · 浏览器模式');
    await page.getByTestId('key-hide').click();
    await expect(key).toHaveAttribute('data-revealed', 'false');
    await expect(page.getByTestId('status-timeline').locator('[data-kind]')).toHaveCount(4);

    await go(page, `/apps/${rejectId}`);
    await expect(page.getByTestId('reject-reason')).toContainText('应用名称与上架名称不一致');
    await page.locator('[data-view="apps-detail"] [data-action="modify"]').click();
    await expect(page.getByTestId('resubmit-hint')).toBeVisible();
    await expect(field(page, 'bundleId')).toBeDisabled();
    await field(page, 'name').fill(`${rejectedName} 修正`);
    await confirmChecklist(page);
    await page.getByTestId('form-submit').click();
    await expect(page.locator('[data-view="apps-detail"]')).toBeVisible();
    await expect(page.getByTestId('detail-name')).toHaveText(`${rejectedName} 修正`);
    expect((await rowOf(api, rejectId)).status).toBe('pending');
    await page.getByTestId('change-history').waitFor({ state: 'attached' });
    await expect(page.locator('[data-testid="change-history"] [data-field="name"]').first()).toContainText('修正');
  });

  test('delete needs the exact name typed', async ({ openConsole, page, api }) => {
    const name = unique('删除确认 ');
    const id = await createApp(api, name);
    await openConsole(`/apps/${id}`);
    await page.locator('[data-view="apps-detail"] [data-action="delete"]').click();
    const confirm = page.getByTestId('delete-confirm');
    await expect(confirm).toBeDisabled();
    await page.getByTestId('delete-confirm-name').locator('input').fill(name.slice(0, -1));
    await expect(confirm).toBeDisabled();
    await page.getByTestId('delete-confirm-name').locator('input').fill(name);
    await confirm.click();
    await expect(page.getByTestId('delete-dialog')).toHaveCount(0);
    expect((await api.call('apps.list', {})).items.some((r) => r.id === id)).toBe(false);
    await go(page, '/apps');
    await expect(page.locator('[data-view="apps"]')).toBeVisible();
    await expect(page.locator(`[data-testid="app-row"][data-id="${id}"]`)).toHaveCount(0);
  });

  for (const role of ['finance', 'auditor'] as const) {
    test(`a ${role} key sees apps read-only`, async ({ openConsole, page, api }) => {
      await createApp(api, unique(`${role} 可见 `));
      await useRole(api, role);
      await openConsole('/apps');
      await expect(page.getByTestId('access-readonly')).toBeVisible();
      await expect(page.getByTestId('apps-create')).toHaveCount(0);
      const rows = page.locator('[data-testid="app-row"]');
      await expect(rows.first()).toBeVisible();
      await expect(page.locator('[data-testid="app-row"] [data-action]:not([data-action="view"])')).toHaveCount(0);
      await rows.first().locator('[data-action="view"]').click();
      await expect(page.locator('[data-view="apps-detail"]')).toBeVisible();
      await expect(page.locator('[data-view="apps-detail"] [data-action]')).toHaveCount(0);
      await expect(page.getByTestId('key-reveal')).toHaveCount(0);
      await expect(page.getByTestId('app-clone')).toHaveCount(0);
      await useRole(api, 'admin');
    });
  }

  test('the review queue shows waiting time and the working-day rule', async ({ openConsole, page, api }) => {
    const id = await createApp(api, unique('队列 '));
    await openConsole('/apps/queue');
    const row = page.locator(`[data-testid="queue-row"][data-id="${id}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByTestId('queue-age')).toHaveAttribute('data-overdue', 'false');
    await expect(page.locator('[data-view="apps-queue"]')).toContainText('未计入法定节假日');
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
    await expect(page.locator('[data-view="apps-queue"]')).toBeVisible();
    await expect(page.getByTestId('access-reviewer')).toBeVisible();
    const queueRow = (id: string) => page.locator(`[data-testid="queue-row"][data-id="${id}"]`);

    await queueRow(rejectId).locator('[data-action="start"]').click();
    await page.getByTestId('queue-tab-reviewing').click();
    await queueRow(stuck.id).locator('[data-action="approve"]').click();
    const dialog = page.getByRole('dialog');
    await expect(dialog).toContainText(stuck.name);
    await dialog.getByRole('button', { name: '审核通过' }).click();
    await expect(queueRow(stuck.id)).toHaveCount(0);
    await queueRow(rejectId).locator('[data-action="reject"]').click();
    await page.getByTestId('reject-reason').locator('textarea').fill('隐私政策链接无法打开');
    await page.getByTestId('reject-confirm').click();
    await expect(queueRow(rejectId)).toHaveCount(0);

    await page.getByTestId('demo-role-admin').click();
    await expect(roleSwitch).toHaveAttribute('data-role', 'admin');
    await go(page, `/apps/${stuck.id}`);
    await expect(page.locator('[data-view="apps-detail"] [data-status="approved"]').first()).toBeVisible();
    await expect(page.getByTestId('detail-app-id')).toHaveText(/\S+/);
    await expect(page.locator('[data-testid="status-timeline"] [data-kind="approved"]')).toHaveCount(1);
    await go(page, `/apps/${rejectId}`);
    await expect(page.getByTestId('reject-reason')).toContainText('隐私政策链接无法打开');
    expect((await rowOf(api, stuck.id)).status).toBe('approved');
  });
});
