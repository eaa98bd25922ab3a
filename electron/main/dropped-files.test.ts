/**
 * Dropped builds in the Electron window: the preload reports a dropped file's path on its own channel,
 * main checks it (a regular build file, size bound, trusted sender) and lets exactly one
 * `toolkit.inspect { path }` read it, streamed by the same inspector as the CLI. What a compromised page
 * could ask for — any other path, a symlink to a secret, a FIFO, a directory, the same path twice, a file
 * swapped after the drop — is refused and nothing of the file is returned.
 */
import { EventEmitter } from 'node:events';
import { copyFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError, ELECTRON_ERROR_PREFIX, ipcChannel, type ApiErrorBody } from '../../shared/contract';
import { createContext } from './services/core/create-context';
import type { ServiceContext } from './services/core/context';
import { dispatch } from './services/core/dispatch';
import { handlers } from './services/handlers';
import { DroppedBuilds } from './services/toolkit/dropped-builds';
import { registerDroppedFiles, type DroppedFilesOptions } from './dropped-files';
import { trustedOrigins } from './trusted-origin';

vi.mock('electron', () => ({}));

const fixtures = join(__dirname, 'services', 'toolkit', 'testing', 'fixtures');
type Listener = (event: unknown, arg: unknown) => Promise<unknown>;

class FakeIpcMain {
  readonly channels = new Map<string, Listener>();
  handle(channel: string, l: Listener): void {
    this.channels.set(channel, l);
  }
  removeHandler(channel: string): void {
    this.channels.delete(channel);
  }
}

const APP_PAGE = 'app://onetap/index.html#/apps/new';
const from = (url = APP_PAGE, parent: object | null = null) => ({ senderFrame: { url, parent, detached: false }, sender: new EventEmitter() });

function wireBody(e: unknown): ApiErrorBody {
  const msg = e instanceof Error ? e.message : String(e);
  expect(msg.startsWith(ELECTRON_ERROR_PREFIX)).toBe(true);
  return JSON.parse(msg.slice(ELECTRON_ERROR_PREFIX.length)) as ApiErrorBody;
}

let dir: string;
let ctx: ServiceContext;
let ipc: FakeIpcMain;
let logs: string[];
let unregister: () => void;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'onetap-dropped-'));
  ctx = createContext({ mode: 'electron', dataDir: join(dir, 'data'), inMemory: true });
  ipc = new FakeIpcMain();
  logs = [];
  unregister = registerDroppedFiles({
    ipcMain: ipc as unknown as DroppedFilesOptions['ipcMain'],
    ctx,
    origins: trustedOrigins({ isPackaged: true }),
    log: (m) => logs.push(m),
  });
});
afterEach(() => {
  unregister();
  ctx.consoleDb.close();
  rmSync(dir, { recursive: true, force: true });
});

const drop = (path: unknown, event = from()) => ipc.channels.get(ipcChannel.droppedFile)!(event, path);
const inspect = (path: string) => dispatch(handlers, ctx, 'toolkit.inspect', { path });
async function refusal(p: Promise<unknown>): Promise<ApiError> {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('dropped builds (Electron)', () => {
  it('a dropped APK is read once by path, as the CLI reads it', async () => {
    const apk = join(dir, 'app-release.apk');
    copyFileSync(join(fixtures, 'v1v2v3.apk'), apk);
    await expect(drop(apk)).resolves.toBe(apk);
    const r = (await inspect(apk)) as { packageName?: string; signers: unknown[] };
    expect(r.packageName).toBe('com.onetap.fixture.all');
    // Single use: the same path again needs another drop.
    expect((await refusal(inspect(apk))).code).toBe('FORBIDDEN');
  });

  it('a path no drop registered is FORBIDDEN, the file untouched', async () => {
    const apk = join(dir, 'never-dropped.apk');
    copyFileSync(join(fixtures, 'v1v2v3.apk'), apk);
    expect((await refusal(inspect(apk))).code).toBe('FORBIDDEN');
    expect((await refusal(inspect('/etc/passwd'))).code).toBe('FORBIDDEN');
  });

  it('only build files: another extension, a directory named .apk, a FIFO, a relative path and non-strings are refused at the drop', async () => {
    writeFileSync(join(dir, 'id_rsa'), 'secret');
    mkdirSync(join(dir, 'folder.apk'));
    const fifo = join(dir, 'pipe.apk');
    execFileSync('mkfifo', [fifo]);
    const reason = async (path: unknown) => wireBody(await drop(path).catch((e: unknown) => e));
    expect(await reason(join(dir, 'id_rsa'))).toMatchObject({ code: 'VALIDATION_FAILED', detail: { reason: 'wrong-extension' } });
    expect(await reason(join(dir, 'folder.apk'))).toMatchObject({ detail: { reason: 'not-a-file' } });
    expect(await reason(fifo)).toMatchObject({ detail: { reason: 'not-a-file' } });
    expect(await reason('relative/app.apk')).toMatchObject({ detail: { reason: 'not-a-file' } });
    expect(await reason({ path: '/etc/passwd' })).toMatchObject({ detail: { reason: 'not-a-file' } });
    expect(await reason(join(dir, 'missing.apk'))).toMatchObject({ code: 'NOT_FOUND' });
  });

  it('a symlink named .apk that points at a secret is refused (the real file is judged)', async () => {
    writeFileSync(join(dir, 'secret.txt'), 'secret');
    symlinkSync(join(dir, 'secret.txt'), join(dir, 'looks-like.apk'));
    expect(wireBody(await drop(join(dir, 'looks-like.apk')).catch((e: unknown) => e))).toMatchObject({ detail: { reason: 'wrong-extension' } });
  });

  it('a file swapped after the drop is not read', async () => {
    const apk = join(dir, 'swap.apk');
    copyFileSync(join(fixtures, 'v1v2v3.apk'), apk);
    await drop(apk);
    writeFileSync(join(dir, 'other.apk'), 'another file');
    renameSync(join(dir, 'other.apk'), apk);
    expect((await refusal(inspect(apk))).code).toBe('FORBIDDEN');
  });

  it('over the size bound is refused at the drop', async () => {
    unregister();
    unregister = registerDroppedFiles({
      ipcMain: ipc as unknown as DroppedFilesOptions['ipcMain'],
      ctx,
      origins: trustedOrigins({ isPackaged: true }),
      registry: new DroppedBuilds(1024),
    });
    const apk = join(dir, 'big.apk');
    copyFileSync(join(fixtures, 'v1v2v3.apk'), apk);
    expect(wireBody(await drop(apk).catch((e: unknown) => e))).toMatchObject({ detail: { reason: 'file-too-large' } });
  });

  it('a sender that is not the console page (another origin, a subframe) cannot register', async () => {
    const apk = join(dir, 'a.apk');
    copyFileSync(join(fixtures, 'v1v2v3.apk'), apk);
    expect(wireBody(await drop(apk, from('https://evil.example/')).catch((e: unknown) => e)).code).toBe('FORBIDDEN');
    expect(wireBody(await drop(apk, from(APP_PAGE, {})).catch((e: unknown) => e)).code).toBe('FORBIDDEN');
    expect(logs.length).toBe(2);
    expect((await refusal(inspect(apk))).code).toBe('FORBIDDEN');
  });

  it('the browser host names no paths at all; the CLI names any', async () => {
    const browser = createContext({ mode: 'browser', dataDir: join(dir, 'b'), inMemory: true });
    try {
      const e = await refusal(dispatch(handlers, browser, 'toolkit.inspect', { path: join(fixtures, 'v1v2v3.apk') }));
      expect(e.code).toBe('UNSUPPORTED');
    } finally {
      browser.consoleDb.close();
    }
    const cli = createContext({ mode: 'cli', dataDir: join(dir, 'c'), inMemory: true });
    try {
      await expect(dispatch(handlers, cli, 'toolkit.inspect', { path: join(fixtures, 'v1v2v3.apk') })).resolves.toMatchObject({ kind: 'apk' });
    } finally {
      cli.consoleDb.close();
    }
  });
});
