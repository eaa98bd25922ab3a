// UI strings of the 'codes' area, zh-CN first. Keys are namespaced under 'codes'.
export default {
  'zh-CN': { codes: {} },
  'en-US': { codes: {} },
};
