// UI strings of the 'settings' area, zh-CN first. Keys are namespaced under 'settings'.
export default {
  'zh-CN': {
    settings: {
      title: '设置',
      description: '界面语言、主题、后台同步与工作区。',
      appearance: {
        title: '外观',
        language: '界面语言',
        theme: '主题',
        themeHint: '“跟随系统”会随操作系统的浅色 / 深色模式自动切换。',
      },
      sync: {
        title: '后台同步',
        interval: '自动同步间隔',
        intervalUnit: '分钟',
        intervalHint: '设为 0 关闭后台自动同步，仍可手动同步。',
        off: '已关闭',
      },
      workspaces: {
        title: '工作区',
      },
      about: {
        title: '关于',
        version: '版本',
        mode: '运行模式',
        dataDir: '数据目录',
        runtime: '运行环境',
      },
      saved: '设置已保存',
    },
  },
  'en-US': {
    settings: {
      title: 'Settings',
      description: 'Language, theme, background sync and workspaces.',
      appearance: {
        title: 'Appearance',
        language: 'Language',
        theme: 'Theme',
        themeHint: '"System" follows the light or dark mode of the operating system.',
      },
      sync: {
        title: 'Background sync',
        interval: 'Sync interval',
        intervalUnit: 'min',
        intervalHint: 'Set to 0 to turn background sync off; you can still sync by hand.',
        off: 'Off',
      },
      workspaces: {
        title: 'Workspaces',
      },
      about: {
        title: 'About',
        version: 'Version',
        mode: 'Run mode',
        dataDir: 'Data folder',
        runtime: 'Runtime',
      },
      saved: 'Settings saved',
    },
  },
};
