import { defineConfig } from 'vitest/config';
import vue from '@vitejs/plugin-vue';
import { localeMessagesPlugin } from './scripts/locale-messages-plugin';
import { naiveStylesPlugin } from './scripts/naive-styles-plugin';

export default defineConfig({
  // Every language's messages from the start (tests switch language synchronously).
  plugins: [vue(), localeMessagesPlugin(), naiveStylesPlugin()],
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'out/**', 'e2e/**', 'dist/**'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
