/** Generated at build time from shared/contract by electron.vite.config.ts (ipcTablePlugin). */
declare module 'virtual:onetap-ipc-table' {
  export const callChannels: Readonly<Record<string, string>>;
  export const eventChannel: string;
  export const eventNames: readonly string[];
  export const droppedFileChannel: string;
}
