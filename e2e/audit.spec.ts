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
import { test, expect } from './fixtures';
import { AuditPage } from './pages/audit';

const WHOLE_PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

test.describe('audit export', () => {
  // The demo's first sync (months of records) shares this machine with the browser: allow for it.
  test.describe.configure({ timeout: 180_000 });

  test('exports a filter as CSV, downloads file and manifest, verifies, and catches a changed byte', async ({ api, openConsole, page, demoSynced: _demo }) => {
    const filter = { operator: 'CMCC', result: 'failure', range: 'lastMonth' };
    const { total } = await api.call('records.search', { operator: 'CMCC', result: 'failure', ...quickRange('lastMonth', Date.now()), limit: 1 });
    const audit = new AuditPage(await openConsole(`/audit?${new URLSearchParams(filter).toString()}`));
    await expect(audit.root).toBeVisible();
    await expect(audit.count).toHaveAttribute('data-total', String(total));

    await audit.format('csv').click();
    await audit.start.click();
    const result = audit.result;
    await expect(result).toBeVisible({ timeout: 60_000 });
    await expect(audit.rows).toHaveText(total.toLocaleString('zh-CN'));
    const exportId = (await result.getAttribute('data-export-id'))!;
    const hostFile = (await audit.file.textContent())!.trim();
    const sha256 = (await audit.sha256.textContent())!.trim();

    // The download carries the file; the manifest is the second link.
    const [fileDownload] = await Promise.all([page.waitForEvent('download'), audit.downloadFile.click()]);
    const bytes = readFileSync((await fileDownload.path())!);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = bytes.toString('utf8');
    expect(text).not.toMatch(WHOLE_PHONE);
    expect(text.split('\r\n').length - 2).toBe(total);
    await expect(audit.downloadedFile).toBeVisible();
    const [manifestDownload] = await Promise.all([page.waitForEvent('download'), audit.downloadManifest.click()]);
    const manifest = JSON.parse(readFileSync((await manifestDownload.path())!, 'utf8')) as {
      exportId: string;
      rows: number;
      file: { sha256: string };
      filter: Record<string, string>;
    };
    expect(manifest).toMatchObject({ exportId, rows: total, file: { sha256 }, filter: { operator: 'CMCC', result: 'failure' } });

    // The history shows it, intact, with its manifest.
    const row = audit.historyRow(exportId);
    await expect(row).toBeVisible();
    await expect(row.getByTestId('history-status')).toHaveText('完好');
    await expect(audit.chainStatus).toHaveAttribute('data-ok', 'true');
    await row.getByTestId('history-manifest').click();
    await expect(audit.manifestExportId).toHaveText(exportId);
    await expect(audit.manifestRows).toHaveText(total.toLocaleString('zh-CN'));
    await page.keyboard.press('Escape');

    // Verify the file just made, then a copy with one byte changed.
    await audit.verify.click();
    await expect(audit.verifyResult).toHaveAttribute('data-ok', 'true');
    const changed = Buffer.from(bytes);
    changed[changed.length - 3] = changed[changed.length - 3] === 0x30 ? 0x31 : 0x30;
    writeFileSync(hostFile, changed);
    // The browser names no host paths: it verifies by export id, and the path box is not offered.
    await expect(audit.verifyPath).toHaveCount(0);
    await audit.verify.click();
    await expect(audit.verifyResult).toHaveAttribute('data-ok', 'false');
    await expect(audit.problem('HASH_MISMATCH')).toBeVisible();
    writeFileSync(hostFile, bytes);
    // A file the user holds is uploaded with its manifest and verified on the host.
    const manifestBytes = readFileSync((await manifestDownload.path())!);
    await audit.uploadFile.setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: changed });
    await audit.uploadManifest.setInputFiles({ name: 'export.csv.manifest.json', mimeType: 'application/json', buffer: manifestBytes });
    await audit.uploadRun.click();
    await expect(audit.verifyResult).toHaveAttribute('data-ok', 'false');
    await expect(audit.problem('HASH_MISMATCH')).toBeVisible();
    await audit.uploadFile.setInputFiles({ name: 'export.csv', mimeType: 'text/csv', buffer: bytes });
    await audit.uploadRun.click();
    await expect(audit.verifyResult).toHaveAttribute('data-ok', 'true');
    await row.getByTestId('history-verify').click();
    await expect(audit.verifyResult).toHaveAttribute('data-ok', 'true');
  });

  test('a cancelled export leaves no file and no history row', async ({ api, openConsole, server, demoSynced: _demo }) => {
    const before = await api.call('export.history', {});
    const audit = new AuditPage(await openConsole('/audit'));
    await audit.format('xlsx').click();
    await audit.start.click();
    await expect(audit.progress).toBeVisible();
    await audit.cancel.click();
    await expect(audit.cancelled).toBeVisible({ timeout: 60_000 });
    const after = await api.call('export.history', {});
    expect(after.total).toBe(before.total);
    // Every folder under exports/ belongs to a finished export; the cancelled one left none.
    const exportsDir = join(server.dataDir, 'exports');
    const folders = existsSync(exportsDir) ? readdirSync(exportsDir) : [];
    const finished = new Set(after.items.map((i) => i.exportId));
    expect(folders.filter((f) => !finished.has(f))).toEqual([]);
  });
});
