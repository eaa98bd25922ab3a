import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';
import globals from 'globals';
import prettier from 'eslint-config-prettier';
import layers from './eslint-layers.mjs';
import rendererRules from './eslint-renderer.mjs';

export default tseslint.config(
  { ignores: ['node_modules/**', 'out/**', 'dist/**', '.native/**', 'test-results/**', 'playwright-report/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  // Layout is Prettier's (npm run format:check); stylistic rules that fight it are off.
  prettier,
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    // Type-aware: a promise nobody awaits or handles, or one passed where a plain callback is expected.
    files: ['**/*.ts', '**/*.mts', '**/*.vue'],
    // Files no tsconfig project holds (renderer tests run under vitest only; hand-written .d.mts).
    ignores: ['renderer/**/*.test.ts', '**/*.d.mts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname, extraFileExtensions: ['.vue'] } },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
    },
  },
  {
    // zod as a namespace (`import * as z from 'zod'`), never `import { z }`: a bundler drops the schema
    // kinds a namespace import never names, but `z` is one object holding all of zod, so a single
    // `import { z }` puts all of it into every start of the command line (issue 13). (e2e files set
    // no-restricted-syntax of their own below, and import no zod.)
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[source.value='zod'] > ImportSpecifier[imported.name='z']",
          message: "zod-as-namespace: import * as z from 'zod' (a namespace import lets the bundle leave out the zod it does not use)",
        },
      ],
    },
  },
  {
    // Services run under plain Node and in tests: the Electron module is the shell's alone.
    files: ['electron/main/services/**/*.ts', 'electron/web/**/*.ts', 'electron/cli/**/*.ts', 'emulator/**/*.ts', 'shared/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { paths: [{ name: 'electron', message: 'services never import electron' }] }] },
  },
  {
    // The layers, checked on every import (eslint-layers.mjs; test/lint/layers.test.ts plants a violation of each).
    plugins: { layers },
    rules: {
      'layers/imports': [
        'error',
        [
          {
            name: 'services-no-shell',
            files: ['electron/main/services/**'],
            except: ['**/*.test.ts'],
            forbid: ['electron', 'electron/main/*', 'electron/preload/**', 'electron/web/**', 'electron/cli/**', 'renderer/**'],
            message: 'services never import the Electron shell or a door; what they need from it lives in services/core',
          },
          {
            name: 'renderer-no-main',
            files: ['renderer/**'],
            forbid: ['electron', 'electron/**', 'emulator/**'],
            message: 'the renderer talks only to the typed api: no main, preload or emulator code (shared/ holds what both sides use)',
          },
          {
            name: 'shared-is-shared',
            files: ['shared/**'],
            forbid: ['electron', 'electron/**', 'renderer/**', 'emulator/**'],
            message: 'shared code is used by every side and imports none of them',
          },
          {
            name: 'no-test-helpers-in-product',
            files: ['electron/**', 'renderer/**', 'shared/**', 'emulator/**'],
            except: ['**/*.test.ts', '**/testing/**'],
            forbid: ['**/testing/**', '**/*.test', 'e2e/**', 'test/**', 'bench/**'],
            message: 'production code never imports test helpers (testing/ folders, tests, e2e, bench)',
          },
          {
            name: 'cli-through-dispatch',
            files: ['electron/cli/commands/**'],
            // serve is a host, not a call: it starts the browser door, which is handed the handler table and
            // dispatches every request itself (electron/web/host.ts).
            except: ['**/*.test.ts', '**/testing/**', 'electron/cli/commands/serve.ts'],
            forbid: ['electron/main/services/**'],
            message: 'a command reaches the services only through its session (electron/cli/session.ts): contract calls through dispatch',
          },
          {
            name: 'product-no-emulator',
            files: ['electron/**', 'renderer/**', 'shared/**'],
            except: ['**/*.test.ts', '**/testing/**', 'electron/main/services/workspaces/demo-emulator.ts', 'electron/cli/commands/emulator.ts'],
            forbid: ['emulator/**'],
            message:
              "the product reaches the emulator only through the demo workspace's entry (services/workspaces/demo-emulator.ts) or the `onetap emulator` command",
          },
        ],
      ],
    },
  },
  {
    // e2e tests find elements by role, label or test id through the page objects (e2e/pages), never by
    // naive-ui's class names, which change with the library (test/lint/e2e-selectors.test.ts plants one).
    files: ['e2e/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'Literal[value=/\\.n-[a-z]/]',
          message: 'e2e-no-naive-classes: select by role, label or test id (e2e/pages, pickOption), not by a naive-ui class (.n-…)',
        },
        {
          selector: 'TemplateElement[value.raw=/\\.n-[a-z]/]',
          message: 'e2e-no-naive-classes: select by role, label or test id (e2e/pages, pickOption), not by a naive-ui class (.n-…)',
        },
      ],
    },
  },
  {
    // Every naive-ui select gives its options the option role and value (selectOptionProps), so e2e and
    // assistive technology pick any option by name (test/lint/select-option-props.test.ts plants a violation).
    files: ['renderer/**/*.vue', 'renderer/**/*.ts'],
    plugins: { renderer: rendererRules },
    rules: { 'renderer/select-option-props': 'error' },
  },
  {
    // One repository shape: SQL only in *-repo.ts / *-query.ts modules, the db layer (opening, migrations)
    // and tests (electron/main/services/db/README.md; test/lint/sql.test.ts plants a violation).
    files: ['electron/**/*.ts', 'shared/**/*.ts', 'emulator/**/*.ts'],
    plugins: { layers },
    rules: {
      'layers/sql': [
        'error',
        {
          allow: ['**/*-repo.ts', '**/*-query.ts', 'electron/main/services/db/**', '**/testing/**', '**/*.test.ts'],
        },
      ],
    },
  },
);
