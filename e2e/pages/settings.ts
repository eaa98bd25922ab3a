/** Settings (`/settings`): appearance, language, sync interval, workspaces and month archives. */
import type { Locator } from '@playwright/test';
import { pickOption } from './select';
import { ViewPage } from './view';

export class SettingsPage extends ViewPage {
  readonly name = 'settings';

  get about(): Locator {
    return this.page.getByTestId('settings-about');
  }

  get workspaceSettings(): Locator {
    return this.page.getByTestId('workspace-settings');
  }

  /** The view's own theme choice (not the header's menu). */
  themePref(pref: 'light' | 'dark' | 'system'): Locator {
    return this.root.locator(`[data-theme-pref="${pref}"]`);
  }

  get syncInterval(): Locator {
    return this.page.getByTestId('settings-sync-interval').getByRole('textbox');
  }

  async pickLanguage(label: string): Promise<void> {
    await pickOption(this.page.getByTestId('settings-locale'), label);
  }

  get archivePanel(): Locator {
    return this.page.getByTestId('archive-panel');
  }

  archiveDrop(month: string): Locator {
    return this.archivePanel.getByTestId(`archive-drop-${month}`);
  }

  archiveImport(month: string): Locator {
    return this.archivePanel.getByTestId(`archive-import-${month}`);
  }

  /** The confirmation dialog's button (the last one named so: the dialog sits above the panel). */
  confirmButton(name: string): Locator {
    return this.page.getByRole('button', { name }).last();
  }

  get addWorkspace(): Locator {
    return this.page.getByTestId('workspace-add');
  }

  get workspaceForm(): Locator {
    return this.page.getByTestId('workspace-form');
  }

  provider(id: string): Locator {
    return this.workspaceForm.locator(`[data-provider="${id}"]`);
  }

  /** A text field of the workspace form (the secret key is a password field, which has no textbox role). */
  formField(name: string): Locator {
    return this.workspaceForm.locator(`[data-field="${name}"] input`);
  }

  formChoice(name: string, text: string): Locator {
    return this.workspaceForm.locator(`[data-field="${name}"]`).getByText(text, { exact: true });
  }

  get testForm(): Locator {
    return this.page.locator('[data-action="test-form"]');
  }

  get formTestResult(): Locator {
    return this.page.getByTestId('workspace-form-test');
  }

  get save(): Locator {
    return this.page.locator('[data-action="save"]');
  }
}
