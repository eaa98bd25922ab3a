/**
 * Whether the operating system asks for dark mode, as a reactive value that follows changes
 * while the console runs (Electron and Chromium both report it through `prefers-color-scheme`).
 */
import { readonly, ref, type Ref } from 'vue';

const query = typeof window !== 'undefined' && typeof window.matchMedia === 'function' ? window.matchMedia('(prefers-color-scheme: dark)') : null;
const dark = ref(query?.matches ?? false);
query?.addEventListener('change', (e) => {
  dark.value = e.matches;
});

export const osPrefersDark: Readonly<Ref<boolean>> = readonly(dark);
