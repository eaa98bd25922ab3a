import { describe, expect, it, vi } from 'vitest';
import type { MenuItemConstructorOptions } from 'electron';
import { menuTemplate, type MenuOptions } from './menu';

vi.mock('electron', () => ({}));

function flatten(items: MenuItemConstructorOptions[]): MenuItemConstructorOptions[] {
  return items.flatMap((i) => [i, ...(Array.isArray(i.submenu) ? flatten(i.submenu) : [])]);
}
const base: MenuOptions = { locale: 'zh-CN', platform: 'linux', appName: 'OneTap Console', isDev: false, openDataFolder: () => undefined };

describe('application menu', () => {
  it('has the standard edit, view and window roles and About', () => {
    const roles = new Set(flatten(menuTemplate(base)).map((i) => i.role));
    for (const r of [
      'undo',
      'redo',
      'cut',
      'copy',
      'paste',
      'selectAll',
      'resetZoom',
      'zoomIn',
      'zoomOut',
      'togglefullscreen',
      'minimize',
      'about',
      'quit',
    ] as const) {
      expect(roles.has(r), r).toBe(true);
    }
  });

  it('speaks the console language', () => {
    expect(menuTemplate(base).map((m) => m.label)).toEqual(['文件', '编辑', '视图', '窗口', '帮助']);
    expect(menuTemplate({ ...base, locale: 'en-US' }).map((m) => m.label)).toEqual(['File', 'Edit', 'View', 'Window', 'Help']);
    const copy = flatten(menuTemplate(base)).find((i) => i.role === 'copy');
    expect(copy?.label).toBe('复制');
  });

  it('offers developer tools only in development', () => {
    const has = (o: MenuOptions) => flatten(menuTemplate(o)).some((i) => i.role === 'toggleDevTools');
    expect(has(base)).toBe(false);
    expect(has({ ...base, isDev: true })).toBe(true);
  });

  it('puts the app menu first on macOS', () => {
    const mac = menuTemplate({ ...base, platform: 'darwin', locale: 'en-US' });
    expect(mac[0]!.label).toBe('OneTap Console');
    expect((mac[0]!.submenu as MenuItemConstructorOptions[]).map((i) => i.role)).toContain('hide');
  });

  it('opens the data folder from the menu', () => {
    const openDataFolder = vi.fn();
    const item = flatten(menuTemplate({ ...base, openDataFolder })).find((i) => i.label === '打开数据文件夹');
    (item!.click as () => void)();
    expect(openDataFolder).toHaveBeenCalled();
  });
});
