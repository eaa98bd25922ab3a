// UI strings of the 'billing' area, zh-CN first. Keys are namespaced under 'billing'.
export default {
  'zh-CN': { billing: {} },
  'en-US': { billing: {} },
};
