// UI strings of the 'common' area, zh-CN first. Keys are namespaced under 'common'.
export default {
  'zh-CN': { common: {} },
  'en-US': { common: {} },
};
