// UI strings of the 'records' area, zh-CN first. Keys are namespaced under 'records'.
export default {
  'zh-CN': { records: {} },
  'en-US': { records: {} },
};
