/**
 * The page worker's lifecycle on the writer's side (page-worker-host.ts), with a scripted worker
 * (testing/scripted-page-worker.ts): a worker that fails takes its calls with it and the next call
 * starts a new one; a worker closed while a new one starts does not take the new one's calls.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/contract';
import { workerEntry } from '../core/worker-entry';
import { createPageWorkerHost, type PageWorkerHost } from './page-worker-host';

const scripted = (): ReturnType<typeof workerEntry> =>
  workerEntry('scripted-page-worker', new URL('./testing/page-worker-host.test.ts', import.meta.url).href, 'the scripted page worker');

const dirs: string[] = [];
const hosts: PageWorkerHost[] = [];
afterEach(() => {
  for (const h of hosts.splice(0)) h.close();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A host of the scripted worker; `fails`: its first call makes the worker fail. */
function host(fails: boolean): PageWorkerHost {
  const dir = mkdtempSync(join(tmpdir(), 'onetap-worker-host-'));
  dirs.push(dir);
  const marker = join(dir, 'failed-once');
  if (!fails) writeFileSync(marker, '');
  const h = createPageWorkerHost({ endpoint: marker, accessKey: 'AK', secretKey: 'SK' }, undefined, scripted);
  hosts.push(h);
  return h;
}

describe('page worker host', () => {
  it('answers a call through the worker', { timeout: 30_000 }, async () => {
    const h = host(false);
    await expect(h.page('activities', 7, 10, Date.now())).resolves.toEqual({ items: [7], next: 8, hasMore: false });
  });

  it('starts a new worker after one failed: the failed call is rejected, the next sync is served', { timeout: 30_000 }, async () => {
    const h = host(true);
    const e = await h.page('activities', 0, 10, Date.now()).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).code).toBe('INTERNAL');
    expect((e as ApiError).message).toContain('scripted failure');
    await expect(h.page('activities', 3, 10, Date.now())).resolves.toEqual({ items: [3], next: 4, hasMore: false });
  });

  it("does not reject a new worker's calls when the worker closed before it exits", { timeout: 30_000 }, async () => {
    const h = host(false);
    await h.page('activities', 0, 10, Date.now());
    h.close();
    // The closed worker exits while this call waits for the new worker to start.
    await expect(h.page('activities', 5, 10, Date.now())).resolves.toEqual({ items: [5], next: 6, hasMore: false });
  });
});
