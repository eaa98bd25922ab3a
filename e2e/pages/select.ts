/**
 * Picking an option of a naive-ui select, written once. The options carry role="option"
 * (renderer/composables/select-option-props.ts), so they are found by their name, not by the
 * library's class names.
 */
import type { Locator } from '@playwright/test';

/**
 * Opens `select` and clicks the first option named `label`. With `type`, the label is typed
 * first (a filterable select whose list may be longer than its visible window).
 */
export async function pickOption(select: Locator, label: string, opts: { type?: boolean } = {}): Promise<void> {
  const page = select.page();
  await select.click();
  if (opts.type) await page.keyboard.type(label);
  await page.getByRole('option', { name: label }).first().click();
}
