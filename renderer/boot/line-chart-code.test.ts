// @vitest-environment happy-dom
import { describe, expect, it, vi } from 'vitest';
import { EARLY_IMPORT_ATTRIBUTE } from './early-import';

// The boot script starts the first view's calls when it loads: none leave this test.
vi.mock('../api/prefetch', () => ({ prefetchCall: () => new Promise(() => undefined) }));

const { startLineChartCode } = await import('./early-calls');

describe('the boot script imports the line-chart module when the page opens on the dashboard', () => {
  /** A page whose head holds `links` (the build's module preloads), and the imports started from it. */
  function pageWith(links: string): { page: Document; imported: string[]; load: (url: string) => Promise<unknown> } {
    const page = document.implementation.createHTMLDocument('page');
    page.head.innerHTML = links;
    const imported: string[] = [];
    return { page, imported, load: (url) => (imported.push(url), Promise.resolve()) };
  }
  const preloads = `<link rel="modulepreload" href="http://127.0.0.1/assets/zh-CN-x.js"><link rel="modulepreload" href="http://127.0.0.1/assets/echarts-lines-x.js" ${EARLY_IMPORT_ATTRIBUTE}>`;

  it('imports the chunk the marked module preload names, for a dashboard or bare address', () => {
    for (const hash of ['#/dashboard', '#/dashboard?app=a', '', '#/']) {
      const { page, imported, load } = pageWith(preloads);
      startLineChartCode(hash, page, load);
      expect(imported, hash).toEqual(['http://127.0.0.1/assets/echarts-lines-x.js']);
    }
  });

  it('imports nothing for another view, or where no preload is marked (the dev server)', () => {
    for (const [hash, links] of [
      ['#/records', preloads],
      ['#/dashboard/all', preloads],
      ['#/dashboard', '<link rel="modulepreload" href="http://127.0.0.1/assets/echarts-lines-x.js">'],
    ]) {
      const { page, imported, load } = pageWith(links!);
      startLineChartCode(hash!, page, load);
      expect(imported, hash).toEqual([]);
    }
  });

  it('leaves a failed import to the chart, which asks again', async () => {
    const { page } = pageWith(preloads);
    const failing = vi.fn(() => Promise.reject(new Error('offline')));
    expect(() => startLineChartCode('#/dashboard', page, failing)).not.toThrow();
    await Promise.resolve();
    expect(failing).toHaveBeenCalledTimes(1);
  });
});
