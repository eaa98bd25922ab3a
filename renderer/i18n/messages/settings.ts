// UI strings of the 'settings' area, zh-CN first. Keys are namespaced under 'settings'.
export default {
  'zh-CN': { settings: {} },
  'en-US': { settings: {} },
};
