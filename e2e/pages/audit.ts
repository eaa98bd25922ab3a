/** The audit export screen (`/audit`): export, downloads, history, manifest and verification. */
import type { Locator } from '@playwright/test';
import { ViewPage } from './view';

export class AuditPage extends ViewPage {
  readonly name = 'audit';

  get count(): Locator {
    return this.page.getByTestId('export-count');
  }

  format(format: 'csv' | 'xlsx' | 'jsonl'): Locator {
    return this.page.getByTestId('export-format').locator(`[data-format="${format}"]`);
  }

  get start(): Locator {
    return this.page.getByTestId('export-start');
  }

  get progress(): Locator {
    return this.page.getByTestId('export-progress');
  }

  get cancel(): Locator {
    return this.progress.getByRole('button');
  }

  get cancelled(): Locator {
    return this.page.getByTestId('export-cancelled');
  }

  get result(): Locator {
    return this.page.getByTestId('export-result');
  }

  get rows(): Locator {
    return this.page.getByTestId('export-rows');
  }

  get file(): Locator {
    return this.page.getByTestId('export-file');
  }

  get sha256(): Locator {
    return this.page.getByTestId('export-sha256');
  }

  get downloadFile(): Locator {
    return this.page.getByTestId('download-file');
  }

  get downloadManifest(): Locator {
    return this.page.getByTestId('download-manifest');
  }

  get downloadedFile(): Locator {
    return this.page.getByTestId('downloaded-file');
  }

  historyRow(exportId: string): Locator {
    return this.page.locator(`[data-testid="history-row"][data-export-id="${exportId}"]`);
  }

  get chainStatus(): Locator {
    return this.page.getByTestId('chain-status');
  }

  get manifestExportId(): Locator {
    return this.page.getByTestId('manifest-export-id');
  }

  get manifestRows(): Locator {
    return this.page.getByTestId('manifest-rows');
  }

  get verify(): Locator {
    return this.page.getByTestId('export-verify');
  }

  get verifyResult(): Locator {
    return this.page.getByTestId('verify-result');
  }

  get verifyPath(): Locator {
    return this.page.getByTestId('verify-path');
  }

  problem(code: string): Locator {
    return this.page.locator(`[data-testid="problem"][data-code="${code}"]`);
  }

  get uploadFile(): Locator {
    return this.page.getByTestId('verify-upload-file');
  }

  get uploadManifest(): Locator {
    return this.page.getByTestId('verify-upload-manifest');
  }

  get uploadRun(): Locator {
    return this.page.getByTestId('verify-upload-run');
  }
}
