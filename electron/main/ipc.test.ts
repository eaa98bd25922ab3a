import { EventEmitter } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi, type Mock } from 'vitest';
import { ApiError, callNames, ipcChannel, type Api, type ApiErrorBody, type CallName } from '../../shared/contract';
import { ELECTRON_ERROR_PREFIX } from '../preload/wire';
import type { Handlers } from './services/core/dispatch';
import { handlers as realHandlers } from './services/handlers';
import { createTestContext, type TestContext } from './services/testing/context';
import { forwardEvents, registerCall, registerContractCalls, senderRefusal, type ContractIpcOptions } from './ipc';
import { trustedOrigins } from './trusted-origin';

// The IPC door never needs the real module; mocking it keeps the Electron binary out of tests.
vi.mock('electron', () => ({}));

// The renderer's decoder, loaded at run time: its DOM types are not part of the Node type-check.
const RENDERER_API = '../../renderer/api/index';
async function rendererApi(): Promise<{ electronApi: (raw: Api) => Api; ELECTRON_ERROR_PREFIX: string }> {
  return (await import(/* @vite-ignore */ RENDERER_API)) as { electronApi: (raw: Api) => Api; ELECTRON_ERROR_PREFIX: string };
}

type Listener = (event: FakeEvent, input: unknown) => Promise<unknown>;
interface FakeEvent {
  senderFrame: { url: string; parent: object | null; detached: boolean } | null;
  sender: EventEmitter;
}

/** ipcMain.handle semantics that matter here: one handler per channel, invoke runs it. */
class FakeIpcMain {
  readonly channels = new Map<string, Listener>();
  handle(channel: string, listener: Listener): void {
    if (this.channels.has(channel)) throw new Error(`Attempted to register a second handler for '${channel}'`);
    this.channels.set(channel, listener);
  }
  removeHandler(channel: string): void {
    this.channels.delete(channel);
  }
  invoke(channel: string, event: FakeEvent, input: unknown): Promise<unknown> {
    const l = this.channels.get(channel);
    if (!l) return Promise.reject(new Error(`No handler registered for '${channel}'`));
    return l(event, input);
  }
}

const APP_PAGE = 'app://onetap/index.html#/dashboard';
const mainFrame = (url = APP_PAGE) => ({ url, parent: null, detached: false });
const eventFrom = (senderFrame: FakeEvent['senderFrame']): FakeEvent => ({ senderFrame, sender: new EventEmitter() });

function wireBody(e: unknown): ApiErrorBody {
  const msg = e instanceof Error ? e.message : String(e);
  expect(msg.startsWith(ELECTRON_ERROR_PREFIX)).toBe(true);
  return JSON.parse(msg.slice(ELECTRON_ERROR_PREFIX.length)) as ApiErrorBody;
}

describe('IPC door', () => {
  let t: TestContext;
  let ipc: FakeIpcMain;
  type HandlerFn = (ctx: unknown, input: unknown, signal: AbortSignal) => unknown;
  let spies: Record<string, Mock<HandlerFn>>;
  let logs: string[];
  let opts: ContractIpcOptions;

  beforeEach(() => {
    t = createTestContext();
    ipc = new FakeIpcMain();
    logs = [];
    spies = {};
    // Every call answered by a spy, except the settings/app ones which use the real handlers.
    const handlers = Object.fromEntries(
      callNames.map((n) => {
        const real = n.startsWith('settings.') || n === 'app.info' ? (realHandlers as Record<string, unknown>)[n] : undefined;
        const spy = vi.fn<HandlerFn>(real ? (real as HandlerFn) : async () => ({ called: n }));
        spies[n] = spy;
        return [n, spy];
      }),
    ) as unknown as Handlers;
    opts = {
      ipcMain: ipc as unknown as ContractIpcOptions['ipcMain'],
      ctx: t.ctx,
      handlers,
      origins: trustedOrigins({ isPackaged: true }),
      log: (m) => logs.push(m),
    };
  });
  afterEach(() => t.cleanup());

  it('registers exactly one channel per contract call, and nothing else', () => {
    registerContractCalls(opts);
    expect([...ipc.channels.keys()].sort()).toEqual(callNames.map((n) => ipcChannel.call(n)).sort());
    expect(ipc.channels.size).toBe(callNames.length);
  });

  it('refuses to register a channel for a name outside the contract', () => {
    expect(() => registerCall(opts, 'system.exec')).toThrow(/unknown call/);
    expect(ipc.channels.has('api:system.exec')).toBe(false);
  });

  it('leaves unknown channels without a handler, so invoking one fails', async () => {
    registerContractCalls(opts);
    await expect(ipc.invoke('api:system.exec', eventFrom(mainFrame()), {})).rejects.toThrow(/No handler/);
  });

  it('runs the handler for our page in the main frame and returns its output', async () => {
    registerContractCalls(opts);
    const out = (await ipc.invoke(ipcChannel.call('app.info'), eventFrom(mainFrame()), {})) as { mode: string; dataDir: string };
    expect(out.mode).toBe(t.ctx.mode);
    expect(out.dataDir).toBe(t.ctx.dataDir);
    expect(spies['app.info']).toHaveBeenCalledTimes(1);
  });

  it.each([
    ['another origin', mainFrame('https://evil.example/index.html')],
    ['a file:// page', mainFrame('file:///tmp/index.html')],
    ['a subframe of our page', { url: APP_PAGE, parent: {}, detached: false }],
    ['a detached frame', { url: APP_PAGE, parent: null, detached: true }],
    ['no frame at all', null],
  ])('refuses %s with FORBIDDEN and never runs the handler', async (_label, frame) => {
    registerContractCalls(opts);
    const err = await ipc.invoke(ipcChannel.call('settings.set'), eventFrom(frame), { locale: 'en-US' }).catch((e: unknown) => e);
    expect(wireBody(err).code).toBe('FORBIDDEN');
    expect(spies['settings.set']).not.toHaveBeenCalled();
    expect(logs.some((l) => l.includes('refused settings.set'))).toBe(true);
  });

  it('trusts the dev server only when the app is not packaged', () => {
    const dev = 'http://localhost:5173';
    expect(senderRefusal(mainFrame(`${dev}/#/records`), trustedOrigins({ devServerUrl: dev, isPackaged: false }))).toBeNull();
    expect(senderRefusal(mainFrame(`${dev}/#/records`), trustedOrigins({ devServerUrl: dev, isPackaged: true }))).toMatch(/not the console page/);
    expect(senderRefusal(mainFrame('http://localhost:5174/'), trustedOrigins({ devServerUrl: dev, isPackaged: false }))).toMatch(/not the console page/);
  });

  it('answers invalid input with INVALID_INPUT in the exact wire format the renderer decodes', async () => {
    registerContractCalls(opts);
    const err = await ipc.invoke(ipcChannel.call('settings.set'), eventFrom(mainFrame()), { locale: 'fr-FR' }).catch((e: unknown) => e);
    const body = wireBody(err);
    expect(body.code).toBe('INVALID_INPUT');
    expect(body.fields).toHaveProperty('locale');
    expect(spies['settings.set']).not.toHaveBeenCalled();

    // Electron prefixes the message when the rejection crosses invoke(); the renderer still finds the body.
    const raw: Api = {
      call: () => Promise.reject(new Error(`Error invoking remote method 'api:settings.set': ${(err as Error).message}`)),
      on: () => () => undefined,
    };
    const { electronApi } = await rendererApi();
    const decoded = await electronApi(raw)
      .call('settings.set', { locale: 'en-US' })
      .catch((e: unknown) => e);
    expect(decoded).toBeInstanceOf(ApiError);
    expect((decoded as ApiError).code).toBe('INVALID_INPUT');
    expect((decoded as ApiError).fields).toHaveProperty('locale');
  });

  it('uses the same error prefix as the renderer', async () => {
    expect(ELECTRON_ERROR_PREFIX).toBe((await rendererApi()).ELECTRON_ERROR_PREFIX);
  });

  it('turns an unexpected handler failure into INTERNAL and logs it without the input', async () => {
    spies['sync.status']!.mockImplementation(async () => {
      throw new Error('disk on fire');
    });
    registerContractCalls(opts);
    const err = await ipc.invoke(ipcChannel.call('sync.status'), eventFrom(mainFrame()), {}).catch((e: unknown) => e);
    expect(wireBody(err)).toMatchObject({ code: 'INTERNAL', message: 'disk on fire' });
    expect(logs.some((l) => l.includes('sync.status failed: disk on fire'))).toBe(true);
  });

  it('cancels a running call when the window goes away', async () => {
    let seen: AbortSignal | undefined;
    let release!: () => void;
    spies['sync.status']!.mockImplementation(async (_ctx: unknown, _input: unknown, signal: AbortSignal) => {
      seen = signal;
      await new Promise<void>((r) => (release = r));
      return {};
    });
    registerContractCalls(opts);
    const event = eventFrom(mainFrame());
    const pending = ipc.invoke(ipcChannel.call('sync.status'), event, {});
    await vi.waitFor(() => expect(seen).toBeDefined());
    event.sender.emit('destroyed');
    expect(seen!.aborted).toBe(true);
    release();
    await pending.catch(() => undefined);
    expect(event.sender.listenerCount('destroyed')).toBe(0);
  });

  it('reports successful calls to afterCall (the shell follows settings changes)', async () => {
    const seen: [CallName, unknown][] = [];
    registerContractCalls({ ...opts, afterCall: (name, out) => seen.push([name, out]) });
    await ipc.invoke(ipcChannel.call('settings.set'), eventFrom(mainFrame()), { locale: 'en-US' });
    expect(seen).toHaveLength(1);
    expect(seen[0]![0]).toBe('settings.set');
    expect((seen[0]![1] as { locale: string }).locale).toBe('en-US');
  });

  it('can remove every handler again', () => {
    const unregister = registerContractCalls(opts);
    unregister();
    expect(ipc.channels.size).toBe(0);
  });
});

describe('event forwarding', () => {
  it('sends contract events to the window on api:event and skips a destroyed one', () => {
    const t = createTestContext();
    try {
      const sent: unknown[][] = [];
      let destroyed = false;
      const target = { isDestroyed: () => destroyed, send: (...args: unknown[]) => sent.push(args) };
      const stop = forwardEvents(t.ctx.events, () => target);
      const payload = { running: true } as never;
      t.ctx.events.emit('sync.state', payload);
      expect(sent).toEqual([[ipcChannel.event, 'sync.state', payload]]);
      destroyed = true;
      t.ctx.events.emit('sync.state', payload);
      expect(sent).toHaveLength(1);
      stop();
      destroyed = false;
      t.ctx.events.emit('sync.state', payload);
      expect(sent).toHaveLength(1);
    } finally {
      t.cleanup();
    }
  });
});
