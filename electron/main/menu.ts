/**
 * The native application menu in the console's language (zh-CN / en-US, from settings):
 * standard Edit / View / Window roles, so copy/paste, zoom and the OS shortcuts work, plus
 * About and "open data folder". Developer items only in development.
 */
import type { MenuItemConstructorOptions } from 'electron';
import type { Settings } from '../../shared/contract/settings';

type Locale = Settings['locale'];

const labels = {
  'zh-CN': {
    file: '文件',
    openDataFolder: '打开数据文件夹',
    quit: '退出',
    close: '关闭窗口',
    edit: '编辑',
    undo: '撤销',
    redo: '重做',
    cut: '剪切',
    copy: '复制',
    paste: '粘贴',
    selectAll: '全选',
    view: '视图',
    reload: '重新加载',
    forceReload: '强制重新加载',
    devTools: '开发者工具',
    resetZoom: '实际大小',
    zoomIn: '放大',
    zoomOut: '缩小',
    fullScreen: '全屏',
    window: '窗口',
    minimize: '最小化',
    zoom: '缩放',
    front: '全部置于顶层',
    help: '帮助',
    about: (name: string) => `关于 ${name}`,
    services: '服务',
    hide: (name: string) => `隐藏 ${name}`,
    hideOthers: '隐藏其他',
    unhide: '全部显示',
  },
  'en-US': {
    file: 'File',
    openDataFolder: 'Open Data Folder',
    quit: 'Quit',
    close: 'Close Window',
    edit: 'Edit',
    undo: 'Undo',
    redo: 'Redo',
    cut: 'Cut',
    copy: 'Copy',
    paste: 'Paste',
    selectAll: 'Select All',
    view: 'View',
    reload: 'Reload',
    forceReload: 'Force Reload',
    devTools: 'Developer Tools',
    resetZoom: 'Actual Size',
    zoomIn: 'Zoom In',
    zoomOut: 'Zoom Out',
    fullScreen: 'Full Screen',
    window: 'Window',
    minimize: 'Minimize',
    zoom: 'Zoom',
    front: 'Bring All to Front',
    help: 'Help',
    about: (name: string) => `About ${name}`,
    services: 'Services',
    hide: (name: string) => `Hide ${name}`,
    hideOthers: 'Hide Others',
    unhide: 'Show All',
  },
} satisfies Record<Locale, unknown>;

export interface MenuOptions {
  locale: Locale;
  platform: NodeJS.Platform;
  appName: string;
  isDev: boolean;
  openDataFolder: () => void;
}

export function menuTemplate(o: MenuOptions): MenuItemConstructorOptions[] {
  const t = labels[o.locale] ?? labels['zh-CN'];
  const mac = o.platform === 'darwin';
  const sep: MenuItemConstructorOptions = { type: 'separator' };
  const about: MenuItemConstructorOptions = { role: 'about', label: t.about(o.appName) };

  const template: MenuItemConstructorOptions[] = [];
  if (mac) {
    template.push({
      label: o.appName,
      submenu: [
        about,
        sep,
        { role: 'services', label: t.services },
        sep,
        { role: 'hide', label: t.hide(o.appName) },
        { role: 'hideOthers', label: t.hideOthers },
        { role: 'unhide', label: t.unhide },
        sep,
        { role: 'quit', label: t.quit },
      ],
    });
  }
  template.push({
    label: t.file,
    submenu: [{ label: t.openDataFolder, click: () => o.openDataFolder() }, sep, mac ? { role: 'close', label: t.close } : { role: 'quit', label: t.quit }],
  });
  template.push({
    label: t.edit,
    submenu: [
      { role: 'undo', label: t.undo },
      { role: 'redo', label: t.redo },
      sep,
      { role: 'cut', label: t.cut },
      { role: 'copy', label: t.copy },
      { role: 'paste', label: t.paste },
      { role: 'selectAll', label: t.selectAll },
    ],
  });
  template.push({
    label: t.view,
    submenu: [
      ...(o.isDev
        ? ([
            { role: 'reload', label: t.reload },
            { role: 'forceReload', label: t.forceReload },
            { role: 'toggleDevTools', label: t.devTools },
            sep,
          ] satisfies MenuItemConstructorOptions[])
        : []),
      { role: 'resetZoom', label: t.resetZoom },
      { role: 'zoomIn', label: t.zoomIn },
      { role: 'zoomOut', label: t.zoomOut },
      sep,
      { role: 'togglefullscreen', label: t.fullScreen },
    ],
  });
  template.push({
    label: t.window,
    role: 'window',
    submenu: [
      { role: 'minimize', label: t.minimize },
      { role: 'zoom', label: t.zoom },
      ...(mac
        ? ([sep, { role: 'front', label: t.front }] satisfies MenuItemConstructorOptions[])
        : ([{ role: 'close', label: t.close }] satisfies MenuItemConstructorOptions[])),
    ],
  });
  template.push({ label: t.help, role: 'help', submenu: mac ? [{ label: t.openDataFolder, click: () => o.openDataFolder() }] : [about] });
  return template;
}
