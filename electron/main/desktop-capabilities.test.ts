import { beforeEach, describe, expect, it, vi } from 'vitest';

const h = vi.hoisted(() => ({
  windows: [] as { options: Record<string, unknown>; loaded: string | null; destroyed: boolean; printed: unknown }[],
  beforeRequest: null as null | ((d: { url: string }, cb: (r: { cancel: boolean }) => void) => void),
  saveResult: { canceled: false, filePath: '/home/u/Downloads/bill.xlsx' } as { canceled: boolean; filePath?: string },
  saveCalls: [] as unknown[][],
  notificationsSupported: true,
  shown: [] as Record<string, unknown>[],
  lastNotification: null as { emit(event: string): boolean } | null,
  revealed: [] as string[],
  docSeenWhileLoading: false,
  onLoad: null as null | ((url: string) => Promise<void>),
  protocolHandler: null as null | ((request: Request) => Response | Promise<Response>),
  protocolScheme: '',
}));

vi.mock('electron', async () => {
  const { EventEmitter } = await import('node:events');
  const fakeSession = {
    protocol: {
      handle: (scheme: string, fn: typeof h.protocolHandler) => {
        h.protocolScheme = scheme;
        h.protocolHandler = fn;
      },
    },
    webRequest: { onBeforeRequest: (fn: typeof h.beforeRequest) => (h.beforeRequest = fn) },
    setPermissionRequestHandler: () => undefined,
    setPermissionCheckHandler: () => undefined,
  };
  class BrowserWindow {
    loaded: string | null = null;
    destroyed = false;
    printed: unknown = null;
    readonly webContents = Object.assign(new EventEmitter(), {
      setWindowOpenHandler: () => undefined,
      printToPDF: async (opts: unknown) => {
        this.printed = opts;
        return new Uint8Array([0x25, 0x50, 0x44, 0x46]); // %PDF
      },
    });
    constructor(readonly options: Record<string, unknown>) {
      h.windows.push(this);
    }
    async loadFile(file: string) {
      throw new Error(`no file:// documents (${file})`);
    }
    async loadURL(url: string) {
      this.loaded = url;
      // The page is fetched through the session's protocol handler, as Chromium would.
      const res = await h.protocolHandler!(new Request(url));
      h.docSeenWhileLoading = res.status === 200 && (await res.text()).length > 0;
      if (h.onLoad) await h.onLoad(url);
    }
    isDestroyed() {
      return this.destroyed;
    }
    destroy() {
      this.destroyed = true;
    }
  }
  class Notification extends EventEmitter {
    static isSupported = () => h.notificationsSupported;
    constructor(readonly options: Record<string, unknown>) {
      super();
    }
    show() {
      h.shown.push(this.options);
      h.lastNotification = this;
    }
  }
  return {
    BrowserWindow,
    Notification,
    session: { fromPartition: () => fakeSession },
    app: { getPath: (k: string) => (k === 'downloads' ? '/home/u/Downloads' : '/tmp') },
    dialog: {
      showSaveDialog: async (...args: unknown[]) => {
        h.saveCalls.push(args);
        return h.saveResult;
      },
    },
    shell: { showItemInFolder: (p: string) => h.revealed.push(p) },
  };
});

import { desktopCapability, setDesktopCapabilities, DESKTOP_EXTENSION_KEYS } from './services/core/capabilities';
import { desktopCapabilities, heldNotifications, notifyCapability, saveDialogCapability, showItemInFolderCapability } from './desktop-capabilities';
import { createTestContext } from './services/testing/context';

describe('desktop capabilities', () => {
  beforeEach(() => {
    h.windows.length = 0;
    h.saveCalls.length = 0;
    h.shown.length = 0;
    h.revealed.length = 0;
    h.notificationsSupported = true;
    h.docSeenWhileLoading = false;
    h.onLoad = null;
  });

  describe('save dialog', () => {
    it('suggests the file in Downloads (base name only) and returns the chosen path', async () => {
      h.saveResult = { canceled: false, filePath: '/home/u/Downloads/bill.xlsx' };
      const save = saveDialogCapability({ window: () => null });
      expect(await save({ defaultName: '../../etc/bill.xlsx', filters: [{ name: 'Excel', extensions: ['xlsx'] }] })).toBe('/home/u/Downloads/bill.xlsx');
      const opts = h.saveCalls[0]!.at(-1) as { defaultPath: string; filters: unknown };
      expect(opts.defaultPath).toBe('/home/u/Downloads/bill.xlsx');
      expect(opts.filters).toEqual([{ name: 'Excel', extensions: ['xlsx'] }]);
    });

    it('returns null when cancelled', async () => {
      h.saveResult = { canceled: true };
      expect(await saveDialogCapability({ window: () => null })({})).toBeNull();
    });

    it('refuses malformed filters', async () => {
      await expect(saveDialogCapability({ window: () => null })({ filters: [{ name: 'x', extensions: ['../sh'] }] })).rejects.toThrow();
    });
  });

  describe('notifications', () => {
    it('shows one and focuses the console when clicked', () => {
      const focus = vi.fn();
      expect(notifyCapability({ focus })({ title: '同步完成', body: '1,024 条记录' })).toBe(true);
      expect(h.shown).toEqual([{ title: '同步完成', body: '1,024 条记录', silent: false }]);
    });

    it('a click focuses the console, then runs the caller’s action (an alert opens its view)', () => {
      const order: string[] = [];
      notifyCapability({ focus: () => order.push('focus') })({ title: '告警', body: 'x', onClick: () => order.push('open') });
      expect(h.shown).toEqual([{ title: '告警', body: 'x', silent: false }]);
      h.lastNotification!.emit('click');
      expect(order).toEqual(['focus', 'open']);
    });

    it('holds each shown notification until it closes or fails, so its click still opens the view later', () => {
      const before = heldNotifications();
      const opened: string[] = [];
      const notify = notifyCapability({ focus: () => undefined });
      notify({ title: '告警', body: 'a', onClick: () => opened.push('a') });
      const a = h.lastNotification!;
      notify({ title: '告警', body: 'b' });
      const b = h.lastNotification!;
      expect(heldNotifications()).toBe(before + 2);
      a.emit('click');
      expect(opened).toEqual(['a']);
      // A click does not close it (it may stay in the notification centre): still held.
      expect(heldNotifications()).toBe(before + 2);
      a.emit('close');
      b.emit('failed');
      expect(heldNotifications()).toBe(before);
    });

    it('lets the oldest go past 50 held (a platform that never reports a close)', () => {
      const notify = notifyCapability({ focus: () => undefined });
      for (let i = 0; i < 60; i++) notify({ title: 't', body: String(i) });
      expect(heldNotifications()).toBe(50);
      h.lastNotification!.emit('close');
      expect(heldNotifications()).toBe(49);
    });

    it('says false where the OS has no notifications', () => {
      h.notificationsSupported = false;
      expect(notifyCapability({ focus: () => undefined })({ title: 't', body: 'b' })).toBe(false);
      expect(h.shown).toHaveLength(0);
    });
  });

  it('reveals only files that exist', () => {
    const reveal = showItemInFolderCapability();
    expect(reveal('/definitely/not/here.csv')).toBe(false);
    expect(reveal(__filename)).toBe(true);
    expect(h.revealed).toEqual([__filename]);
  });

  it('are found by services through ctx.extensions, and absent outside Electron', () => {
    const t = createTestContext();
    try {
      expect(desktopCapability(t.ctx, 'showSaveDialog')).toBeNull();
      setDesktopCapabilities(t.ctx, desktopCapabilities({ window: () => null, focus: () => undefined }));
      for (const name of Object.keys(DESKTOP_EXTENSION_KEYS) as (keyof typeof DESKTOP_EXTENSION_KEYS)[])
        expect(typeof desktopCapability(t.ctx, name)).toBe('function');
      expect(typeof desktopCapability(t.ctx, 'showSaveDialog')).toBe('function');
    } finally {
      t.cleanup();
    }
  });
});
