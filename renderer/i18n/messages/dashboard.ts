// UI strings of the 'dashboard' area, zh-CN first. Keys are namespaced under 'dashboard'.
export default {
  'zh-CN': { dashboard: {} },
  'en-US': { dashboard: {} },
};
