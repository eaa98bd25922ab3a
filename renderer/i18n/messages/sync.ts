// UI strings of the 'sync' area, zh-CN first. Keys are namespaced under 'sync'.
export default {
  'zh-CN': { sync: {} },
  'en-US': { sync: {} },
};
