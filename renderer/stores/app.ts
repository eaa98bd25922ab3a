/** What the console is and where it runs (`app.info`), loaded once at start. */
import { defineStore } from 'pinia';
import { ref } from 'vue';
import { api } from '../api';
import { takePrefetched } from '../api/prefetch';
import type { CallOutput } from '../../shared/contract';

export type AppInfo = CallOutput<'app.info'>;

export const useAppStore = defineStore('app', () => {
  const info = ref<AppInfo | null>(null);
  const error = ref<unknown>(null);

  async function load(): Promise<void> {
    try {
      info.value = await (takePrefetched('app.info', {}) ?? api.call('app.info', {}));
      error.value = null;
    } catch (e) {
      error.value = e;
    }
  }

  return { info, error, load };
});
