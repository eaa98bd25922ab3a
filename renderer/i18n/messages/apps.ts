// UI strings of the 'apps' area, zh-CN first. Keys are namespaced under 'apps'.
export default {
  'zh-CN': { apps: {} },
  'en-US': { apps: {} },
};
