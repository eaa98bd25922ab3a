/// <reference lib="dom" />
/**
 * The audit export screen (审计导出) in the browser door, against the demo workspace: an export
 * of a Records filter holds exactly the search's records with phones masked, downloads through
 * single-use links (file and manifest), lands in the history with an intact chain, verifies, and
 * a changed file is caught; a cancelled export leaves nothing behind.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { quickRange } from '../shared/contract/records';
import { test, expect, type ContractClient } from './fixtures';

async function synced(api: ContractClient): Promise<void> {
  const list = await api.call('workspaces.list');
  await api.call('workspaces.activate', { id: list.items.find((w) => w.kind === 'demo')!.id });
  await api.call('sync.run', {});
}

const WHOLE_PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

test.describe('audit export', () => {
  // The demo's first sync (months of records) shares this machine with the browser: allow for it.
  test.describe.configure({ timeout: 180_000 });
  test.beforeEach(async ({ api }) => {
    await synced(api);
  });

  test('exports a filter as CSV, downloads file and manifest, verifies, and catches a changed byte', async ({ api, openConsole, page }) => {
    const filter = { operator: 'CMCC', result: 'failure', range: 'lastMonth' };
    const { total } = await api.call('records.search', { operator: 'CMCC', result: 'failure', ...quickRange('lastMonth', Date.now()), limit: 1 });
    await openConsole(`/audit?${new URLSearchParams(filter).toString()}`);
    await expect(page.locator('[data-view="audit"]')).toBeVisible();
    await expect(page.getByTestId('export-count')).toHaveAttribute('data-total', String(total));

    await page.getByTestId('export-format').locator('[data-format="csv"]').click();
    await page.getByTestId('export-start').click();
    const result = page.getByTestId('export-result');
    await expect(result).toBeVisible({ timeout: 60_000 });
    await expect(page.getByTestId('export-rows')).toHaveText(total.toLocaleString('zh-CN'));
    const exportId = (await result.getAttribute('data-export-id'))!;
    const hostFile = (await page.getByTestId('export-file').textContent())!.trim();
    const sha256 = (await page.getByTestId('export-sha256').textContent())!.trim();

    // The download carries the file; the manifest is the second link.
    const [fileDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-file').click()]);
    const bytes = readFileSync((await fileDownload.path())!);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).not.toMatch(WHOLE_PHONE);
    expect(text.split('\r\n').length - 2).toBe(total);
    await expect(page.getByTestId('downloaded-file')).toBeVisible();
    const [manifestDownload] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-manifest').click()]);
    const manifest = JSON.parse(readFileSync((await manifestDownload.path())!, 'utf8')) as {
      exportId: string;
      rows: number;
      file: { sha256: string };
      filter: Record<string, string>;
    };
    expect(manifest).toMatchObject({ exportId, rows: total, file: { sha256 }, filter: { operator: 'CMCC', result: 'failure' } });

    // The history shows it, intact, with its manifest.
    const row = page.locator(`[data-testid="history-row"][data-export-id="${exportId}"]`);
    await expect(row).toBeVisible();
    await expect(row.getByTestId('history-status')).toHaveText('完好');
    await expect(page.getByTestId('chain-status')).toHaveAttribute('data-ok', 'true');
    await row.getByTestId('history-manifest').click();
    await expect(page.getByTestId('manifest-export-id')).toHaveText(exportId);
    await expect(page.getByTestId('manifest-rows')).toHaveText(total.toLocaleString('zh-CN'));
    await page.keyboard.press('Escape');

    // Verify the file just made, then a copy with one byte changed.
    await page.getByTestId('export-verify').click();
    await expect(page.getByTestId('verify-result')).toHaveAttribute('data-ok', 'true');
    const changed = Buffer.from(bytes);
    changed[changed.length - 3] = changed[changed.length - 3] === 0x30 ? 0x31 : 0x30;
    writeFileSync(hostFile, changed);
    // The browser names no host paths: it verifies by export id, and the path box is not offered.
    await expect(page.getByTestId('verify-path')).toHaveCount(0);
    await page.getByTestId('export-verify').click();
    await expect(page.getByTestId('verify-result')).toHaveAttribute('data-ok', 'false');
    await expect(page.locator('[data-testid="problem"][data-code="HASH_MISMATCH"]')).toBeVisible();
    writeFileSync(hostFile, bytes);
    // A file the user holds is uploaded with its manifest and verified on the host.
    const manifestBytes = readFileSync((await manifestDownload.path())!);
    await page.getByTestId('verify-upload-file').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: changed });
    await page.getByTestId('verify-upload-manifest').setInputFiles({ name: 'export.csv.manifest.json', mimeType: 'application/json', buffer: manifestBytes });
    await page.getByTestId('verify-upload-run').click();
    await expect(page.getByTestId('verify-result')).toHaveAttribute('data-ok', 'false');
    await expect(page.locator('[data-testid="problem"][data-code="HASH_MISMATCH"]')).toBeVisible();
    await page.getByTestId('verify-upload-file').setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: bytes });
    await page.getByTestId('verify-upload-run').click();
    await expect(page.getByTestId('verify-result')).toHaveAttribute('data-ok', 'true');
    await row.getByTestId('history-verify').click();
    await expect(page.getByTestId('verify-result')).toHaveAttribute('data-ok', 'true');
  });

  test('a cancelled export leaves no file and no history row', async ({ api, openConsole, page, server }) => {
    const before = await api.call('export.history', {});
    await openConsole('/audit');
    await page.getByTestId('export-format').locator('[data-format="xlsx"]').click();
    await page.getByTestId('export-start').click();
    await expect(page.getByTestId('export-progress')).toBeVisible();
    await page.getByTestId('export-progress').getByRole('button').click();
    await expect(page.getByTestId('export-cancelled')).toBeVisible({ timeout: 60_000 });
    const after = await api.call('export.history', {});
    expect(after.total).toBe(before.total);
    // Every folder under exports/ belongs to a finished export; the cancelled one left none.
    const exportsDir = join(server.dataDir, 'exports');
    const folders = existsSync(exportsDir) ? readdirSync(exportsDir) : [];
    const finished = new Set(after.items.map((i) => i.exportId));
    expect(folders.filter((f) => !finished.has(f))).toEqual([]);
  });
});
