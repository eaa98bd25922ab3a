// @vitest-environment happy-dom
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { ApiError } from '../../shared/contract/errors';
import { exportIdSchema, type ExportProgress } from '../../shared/contract/export';

const call = vi.fn();
const listeners = new Map<string, (p: unknown) => void>();
vi.mock('../api', () => ({
  api: {
    call: (...args: unknown[]) => call(...args),
    on: (name: string, fn: (p: unknown) => void) => {
      listeners.set(name, fn);
      return () => listeners.delete(name);
    },
  },
}));

const { useAuditStore, newExportId } = await import('./audit');

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

const emptyHistory = { items: [], total: 0, next: null, chain: { ok: true, problems: [] } };

describe('audit store', () => {
  beforeEach(() => {
    setActivePinia(createPinia());
    call.mockReset();
    listeners.clear();
  });

  it('makes export ids the contract accepts', () => {
    for (let i = 0; i < 20; i++) expect(exportIdSchema.safeParse(newExportId()).success).toBe(true);
  });

  it('runs an export under its own id, follows its progress, cancels it by that id', async () => {
    const store = useAuditStore();
    const stop = store.follow();
    const answer = deferred<unknown>();
    call.mockImplementation((name: string) =>
      name === 'export.records' ? answer.promise : name === 'export.history' ? Promise.resolve(emptyHistory) : Promise.resolve({ cancelled: true }),
    );
    const run = store.startExport({ operator: 'CMCC' }, 'csv', 'zh-CN');
    const [, input] = call.mock.calls[0] as [string, { exportId: string; filter: unknown; format: string; locale: string }];
    expect(input).toMatchObject({ filter: { operator: 'CMCC' }, format: 'csv', locale: 'zh-CN' });
    expect(store.running?.exportId).toBe(input.exportId);

    const progress: ExportProgress = { exportId: input.exportId, phase: 'writing', rows: 500, total: 1000, rowsPerSec: 250 };
    listeners.get('export.progress')!({ ...progress, exportId: 'exp_someone_else' });
    expect(store.running?.progress).toBeNull();
    listeners.get('export.progress')!(progress);
    expect(store.running?.progress).toEqual(progress);

    await store.cancel();
    expect(call).toHaveBeenCalledWith('export.cancel', { exportId: input.exportId });
    expect(store.running?.cancelling).toBe(true);
    answer.reject(new ApiError('CANCELLED', 'export cancelled'));
    expect(await run).toBeNull();
    expect(store.running).toBeNull();
    expect((store.exportError as ApiError).code).toBe('CANCELLED');
    expect(call).toHaveBeenCalledWith('export.history', { limit: 50 });
    stop();
    expect(listeners.size).toBe(0);
  });

  it('keeps the result of a finished export and refuses a second one while running', async () => {
    const store = useAuditStore();
    const result = {
      exportId: 'exp_done_0001',
      file: '/x.csv',
      manifest: '/x.csv.manifest.json',
      rows: 3,
      sha256: 'a'.repeat(64),
      bytes: 10,
      format: 'csv',
      downloads: null,
    };
    const answer = deferred<unknown>();
    call.mockImplementation((name: string) => (name === 'export.records' ? answer.promise : Promise.resolve(emptyHistory)));
    const first = store.startExport({}, 'csv', 'en-US');
    expect(await store.startExport({}, 'jsonl', 'en-US')).toBeNull();
    answer.resolve(result);
    expect(await first).toEqual(result);
    expect(store.result).toEqual(result);
    expect(store.exportError).toBeNull();
  });

  it('verifies by path or export id and keeps the verdict', async () => {
    const store = useAuditStore();
    const verdict = {
      ok: false,
      problems: [{ code: 'HASH_MISMATCH', message: 'changed' }],
      file: '/x.csv',
      manifestPath: '/x.csv.manifest.json',
      manifest: null,
      measured: null,
      historySeq: null,
    };
    call.mockResolvedValueOnce(verdict);
    expect(await store.verify({ path: '/x.csv' })).toEqual(verdict);
    expect(call).toHaveBeenLastCalledWith('export.verify', { path: '/x.csv' });
    expect(store.verification).toEqual(verdict);
    call.mockRejectedValueOnce(new ApiError('NOT_FOUND', 'no export'));
    expect(await store.verify({ exportId: 'exp_missing_1' })).toBeNull();
    expect((store.verifyError as ApiError).code).toBe('NOT_FOUND');
    expect(store.verification).toBeNull();
  });

  it('browser mode: uploads the chosen file with its manifest, then verifies by upload id', async () => {
    const store = useAuditStore();
    const verdict = { ok: true, problems: [], file: 'x.csv', manifestPath: 'x.csv.manifest.json', manifest: null, measured: null, historySeq: 3 };
    call.mockResolvedValueOnce(verdict);
    const file = new File(['a,b\r\n'], 'x.csv');
    const manifest = new File(['{}'], 'x.csv.manifest.json');
    const uploaded: [File, Blob][] = [];
    const upload = async (f: File, m: Blob) => {
      uploaded.push([f, m]);
      return 'U'.repeat(32);
    };
    expect(await store.verify({ file, manifest }, upload)).toEqual(verdict);
    expect(uploaded).toEqual([[file, manifest]]);
    expect(call).toHaveBeenLastCalledWith('export.verify', { upload: 'U'.repeat(32) });
  });
});
