/**
 * App management: the list (`/apps`), the create/modify form (`/apps/new`, `/apps/:id/edit`), an
 * app's detail (`/apps/:id`), the review queue (`/apps/queue`), and an Alibaba workspace's schemes.
 */
import { expect, type Locator } from '@playwright/test';
import { ViewPage } from './view';

export class AppsListPage extends ViewPage {
  readonly name = 'apps';

  get createButton(): Locator {
    return this.page.getByTestId('apps-create');
  }

  get rows(): Locator {
    return this.page.getByTestId('app-row');
  }

  row(id: string): Locator {
    return this.page.locator(`[data-testid="app-row"][data-id="${id}"]`);
  }

  rowByName(name: string): Locator {
    return this.page.locator(`[data-testid="app-row"][data-name="${name}"]`);
  }

  /** The actions a row offers (`data-action`), in order. */
  actions(id: string): Locator {
    return this.row(id).locator('[data-action]');
  }

  /** Actions other than viewing, on any row. */
  get changingActions(): Locator {
    return this.page.locator('[data-testid="app-row"] [data-action]:not([data-action="view"])');
  }

  get readOnlyNotice(): Locator {
    return this.page.getByTestId('access-readonly');
  }
}

export class AppFormPage extends ViewPage {
  readonly name = 'apps-form';

  /** A text field of the form (input or textarea) by its field name. */
  field(name: string): Locator {
    return this.page.getByTestId(`field-${name}`).getByRole('textbox');
  }

  /** The field's row, where its error shows. */
  fieldRow(name: string): Locator {
    return this.page.locator(`[data-field="${name}"]`);
  }

  /** Picks a choice of a radio field (platform, type) by its text. */
  async choose(name: string, text: string): Promise<void> {
    await this.page.getByTestId(`field-${name}`).getByText(text).click();
  }

  get submit(): Locator {
    return this.page.getByTestId('form-submit');
  }

  get checklist(): Locator {
    return this.page.getByTestId('checklist');
  }

  /** Fills the login text and ticks every item of the pre-submit checklist. */
  async confirmChecklist(): Promise<void> {
    await this.page.getByTestId('checklist-login-text').getByRole('textbox').fill('本机号码一键登录');
    for (const c of ['loginButtonText', 'carrierTerms', 'maskedNumber', 'notHidden']) await this.page.getByTestId(`confirm-${c}`).click();
    await expect(this.checklist).toHaveAttribute('data-ready', 'true');
  }

  get resubmitHint(): Locator {
    return this.page.getByTestId('resubmit-hint');
  }

  /** The build file input (APK, AAB, IPA) of the drop zone. */
  get buildInput(): Locator {
    return this.page.getByTestId('build-input');
  }

  get buildResult(): Locator {
    return this.page.getByTestId('build-result');
  }

  get buildError(): Locator {
    return this.page.getByTestId('build-error');
  }
}

export class AppDetailPage extends ViewPage {
  readonly name = 'apps-detail';

  get appName(): Locator {
    return this.page.getByTestId('detail-name');
  }

  status(status: string): Locator {
    return this.root.locator(`[data-status="${status}"]`).first();
  }

  action(name: string): Locator {
    return this.root.locator(`[data-action="${name}"]`);
  }

  get actions(): Locator {
    return this.root.locator('[data-action]');
  }

  get signature(): Locator {
    return this.page.getByTestId('detail-signature');
  }

  get appId(): Locator {
    return this.page.getByTestId('detail-app-id');
  }

  get keyNotIssued(): Locator {
    return this.page.getByTestId('key-not-issued');
  }

  get keyValue(): Locator {
    return this.page.getByTestId('app-key-value');
  }

  get keyReveal(): Locator {
    return this.page.getByTestId('key-reveal');
  }

  get keyHide(): Locator {
    return this.page.getByTestId('key-hide');
  }

  get keyReveals(): Locator {
    return this.page.getByTestId('key-reveals');
  }

  get cloneButton(): Locator {
    return this.page.getByTestId('app-clone');
  }

  get backToList(): Locator {
    return this.page.getByTestId('back-to-list');
  }

  get timelineEntries(): Locator {
    return this.page.getByTestId('status-timeline').locator('[data-kind]');
  }

  get rejectReason(): Locator {
    return this.page.getByTestId('reject-reason');
  }

  get changeHistory(): Locator {
    return this.page.getByTestId('change-history');
  }

  changeOf(field: string): Locator {
    return this.changeHistory.locator(`[data-field="${field}"]`).first();
  }

  get deleteDialog(): Locator {
    return this.page.getByTestId('delete-dialog');
  }

  get deleteConfirm(): Locator {
    return this.page.getByTestId('delete-confirm');
  }

  get deleteConfirmName(): Locator {
    return this.page.getByTestId('delete-confirm-name').getByRole('textbox');
  }
}

export class ReviewQueuePage extends ViewPage {
  readonly name = 'apps-queue';

  row(id: string): Locator {
    return this.page.locator(`[data-testid="queue-row"][data-id="${id}"]`);
  }

  action(id: string, action: 'start' | 'approve' | 'reject'): Locator {
    return this.row(id).locator(`[data-action="${action}"]`);
  }

  tab(name: string): Locator {
    return this.page.getByTestId(`queue-tab-${name}`);
  }

  get reviewerNotice(): Locator {
    return this.page.getByTestId('access-reviewer');
  }

  /** Rejects with a reason through the dialog. */
  async reject(id: string, reason: string): Promise<void> {
    await this.action(id, 'reject').click();
    await this.page.getByTestId('reject-reason').getByRole('textbox').fill(reason);
    await this.page.getByTestId('reject-confirm').click();
  }
}

/** An Alibaba Cloud workspace's Apps page: the scheme codes it keeps. */
export class SchemesPage extends ViewPage {
  readonly name = 'apps';

  get schemes(): Locator {
    return this.page.getByTestId('schemes-view');
  }

  get table(): Locator {
    return this.page.getByTestId('schemes-table');
  }

  async add(code: string): Promise<void> {
    await this.page.getByLabel('方案号').fill(code);
    await this.page.getByTestId('scheme-add').click();
  }
}
