/** The alerts screen (`/alerts`), reached from the header's bell. */
import type { Locator } from '@playwright/test';
import { ViewPage } from './view';

export class AlertsPage extends ViewPage {
  readonly name = 'alerts';

  /** The first alert row holding every one of `texts`. */
  row(...texts: string[]): Locator {
    let row = this.page.getByRole('row');
    for (const t of texts) row = row.filter({ hasText: t });
    return row.first();
  }

  /** The row's link to the records it is about. */
  open(row: Locator): Locator {
    return row.getByTestId('alert-open');
  }
}
