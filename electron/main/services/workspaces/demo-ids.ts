// The saved workspaces' fixed ids and names, apart from the registry so that a reader (the CLI's
// --db file, issue 13's start) can name them without loading the registry's providers and client.
export const DEMO_ID = 'demo';
export const DEMO_NAME = '演示 Demo';
/** The second demo: the same in-process emulator's Alibaba Cloud face. */
export const DEMO_ALIYUN_ID = 'demo-aliyun';
export const DEMO_ALIYUN_NAME = '阿里云演示';
/** Id of the workspace made from --db / connection flags for one session (never saved). */
export const SESSION_ID = 'session';
