/// <reference types="vite/client" />

declare module '*.vue' {
  import type { DefineComponent } from 'vue';
  const component: DefineComponent<object, object, unknown>;
  export default component;
}

/** One language's merged messages, or (`initial`) what the i18n instance starts with: scripts/locale-messages-plugin.ts. */
declare module 'virtual:onetap-messages/*' {
  const messages: Record<string, unknown>;
  export default messages;
  /** The messages are compiled at build time (a built page: its vue-i18n has no compiler). */
  export const precompiled: boolean;
}

/** naive-ui's first-view stylesheets as `[cssr-id, text]`, rendered at build time: scripts/naive-styles-plugin.ts. */
declare module 'virtual:onetap-naive-styles' {
  const sheets: readonly (readonly [id: string, text: string])[];
  export default sheets;
}
