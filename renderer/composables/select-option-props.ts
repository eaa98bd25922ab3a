/**
 * A naive-ui select's options render as plain divs: these props give each the `option` role and
 * its value, so assistive technology and the end-to-end tests (e2e/pages/select.ts) find an option
 * by its name instead of by the library's class names. Pass as `:node-props` to an NSelect.
 */
import type { SelectNodeProps } from 'naive-ui';

export const selectOptionProps: SelectNodeProps = (option) => ({
  role: 'option',
  'data-value': 'value' in option ? String(option.value ?? '') : '',
});
