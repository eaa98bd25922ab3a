import { afterEach, describe, expect, it, vi } from 'vitest';

const warmed: string[] = [];
vi.mock('./intl-warm-up', () => ({ warmUpIntl: (locale: string) => void warmed.push(locale) }));

const { startIntlWarmUp } = await import('./early-calls');

/** A worker as the boot script uses it: what it was sent, and its error event on demand. */
function fakeWorker() {
  const sent: unknown[] = [];
  const listeners = new Map<string, () => void>();
  return {
    sent,
    fail: () => listeners.get('error')?.(),
    addEventListener: (type: string, listener: () => void) => void listeners.set(type, listener),
    postMessage: (message: unknown) => void sent.push(message),
  };
}

describe('ICU is warmed off the page’s thread', () => {
  afterEach(() => {
    warmed.length = 0;
    vi.unstubAllGlobals();
  });

  it('sends the language to a worker and warms nothing on the page’s thread', () => {
    const worker = fakeWorker();
    const here: string[] = [];
    startIntlWarmUp(
      'en-US',
      () => worker as unknown as Worker,
      (l) => void here.push(l),
    );
    expect(worker.sent).toEqual(['en-US']);
    expect(here).toEqual([]);
  });

  it('warms on the page’s thread when no worker starts, or its script fails', () => {
    const here: string[] = [];
    startIntlWarmUp(
      'zh-CN',
      () => {
        throw new Error('SecurityError: refused by the page’s policy');
      },
      (l) => void here.push(l),
    );
    expect(here).toEqual(['zh-CN']);

    const worker = fakeWorker();
    startIntlWarmUp(
      'en-US',
      () => worker as unknown as Worker,
      (l) => void here.push(l),
    );
    expect(here).toEqual(['zh-CN']);
    worker.fail();
    expect(here).toEqual(['zh-CN', 'en-US']);
  });

  it('the worker warms the language it is sent, answers once, and ends', async () => {
    let onMessage: ((e: { data: unknown }) => void) | undefined;
    const posted: unknown[] = [];
    const close = vi.fn();
    vi.stubGlobal('addEventListener', (type: string, listener: (e: { data: unknown }) => void, options: AddEventListenerOptions) => {
      expect(type).toBe('message');
      expect(options).toEqual({ once: true });
      onMessage = listener;
    });
    vi.stubGlobal('postMessage', (m: unknown) => void posted.push(m));
    vi.stubGlobal('close', close);
    await import('./intl-warm-up.worker');
    expect(warmed).toEqual([]);
    onMessage!({ data: 'en-US' });
    expect(warmed).toEqual(['en-US']);
    expect(posted).toEqual(['warm']);
    expect(close).toHaveBeenCalledTimes(1);
  });
});
