// UI strings of the 'stats' area, zh-CN first. Keys are namespaced under 'stats'.
export default {
  'zh-CN': { stats: {} },
  'en-US': { stats: {} },
};
