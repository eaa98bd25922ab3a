import { describe, expect, it } from 'vitest';
import type { IndexHtmlTransformHook, ResolvedConfig } from 'vite';
import { FIRST_VIEW_SHEETS, naiveStylesPlugin, renderFirstViewSheets, sheetsInHead } from './naive-styles-plugin';

const PAGE = [
  '<!doctype html><html><head>',
  '<script type="module" async src="./assets/boot.js"></script>',
  '<link rel="icon" href="./favicon.svg" />',
  '<script type="module" src="./assets/shell.js"></script>',
  '<style>.own{color:red}</style>',
  '<link rel="stylesheet" href="./assets/later.css">',
  '</head><body><div id="app"></div></body></html>',
].join('\n');

/** The plugin as Vite drives it for `command` ('build' or 'serve'). */
function driven(command: 'build' | 'serve') {
  const plugin = naiveStylesPlugin();
  (plugin.configResolved as (c: ResolvedConfig) => void)({ command } as ResolvedConfig);
  const load = plugin.load as (id: string) => Promise<string | null>;
  const html = plugin.transformIndexHtml as { handler: IndexHtmlTransformHook };
  return {
    plugin,
    module: () => load('\0virtual:onetap-naive-styles'),
    page: (text: string) => html.handler.call({} as never, text, { path: '/index.html', filename: 'index.html' }) as Promise<string>,
  };
}

describe('sheetsInHead', () => {
  const sheets = [
    ['n-a', '.n-a{x:1}'],
    ['n-b', '.n-b{x:2}'],
  ] as const;

  it("puts the sheets, in order, before the page's first stylesheet and after its scripts", () => {
    const out = sheetsInHead(PAGE, sheets);
    const a = out.indexOf('<style cssr-id="n-a">.n-a{x:1}</style>');
    const b = out.indexOf('<style cssr-id="n-b">.n-b{x:2}</style>');
    expect(a).toBeGreaterThan(out.indexOf('./assets/shell.js'));
    expect(b).toBeGreaterThan(a);
    expect(out.indexOf('<style>.own')).toBeGreaterThan(b);
    // Nothing else moved.
    expect(out.replace(/<style cssr-id="[^"]+">[^<]*<\/style>\s*/g, '')).toBe(PAGE);
  });

  it('goes before a stylesheet link when that comes first, and at the end of a head without stylesheets', () => {
    const linkFirst = PAGE.replace('<style>.own{color:red}</style>\n', '');
    expect(sheetsInHead(linkFirst, sheets).indexOf('cssr-id="n-b"')).toBeLessThan(sheetsInHead(linkFirst, sheets).indexOf('later.css'));
    const bare = '<html><head><title>x</title></head><body><style>.body{}</style></body></html>';
    expect(sheetsInHead(bare, sheets)).toMatch(/<title>x<\/title><style cssr-id="n-a">.*<style cssr-id="n-b">.*<\/head><body><style>\.body/s);
  });

  it('refuses a sheet that would close its own element', () => {
    expect(() => sheetsInHead(PAGE, [['n-x', 'a{}</style><script>']])).toThrow(/n-x/);
  });
});

describe('naiveStylesPlugin', () => {
  it('in a build: an empty module, and every first-view sheet in the page, as naive-ui renders it', async () => {
    const build = driven('build');
    expect(await build.module()).toBe('export default [];');
    const page = await build.page(PAGE);
    const rendered = await renderFirstViewSheets();
    expect(rendered.map(([id]) => id)).toEqual(FIRST_VIEW_SHEETS.map(([id]) => `n-${id}`));
    for (const [id, text] of rendered) expect(page).toContain(`<style cssr-id="${id}">${text}</style>`);
  });

  it('elsewhere (dev server, tests): the sheets in the module and the page untouched', async () => {
    const serve = driven('serve');
    const sheets = JSON.parse((await serve.module())!.replace(/^export default /, '').replace(/;$/, '')) as [string, string][];
    expect(sheets).toEqual(await renderFirstViewSheets());
    expect(await serve.page(PAGE)).toBe(PAGE);
  });
});
