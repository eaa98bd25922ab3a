// UI strings of the 'audit' area, zh-CN first. Keys are namespaced under 'audit'.
export default {
  'zh-CN': { audit: {} },
  'en-US': { audit: {} },
};
