/** Record search (`/records`), statistics (`/statistics`) and the return-code dictionary (`/codes`). */
import type { Locator } from '@playwright/test';
import { pickOption } from './select';
import { ViewPage } from './view';

export class RecordsPage extends ViewPage {
  readonly name = 'records';

  get total(): Locator {
    return this.page.getByTestId('records-total');
  }

  get rows(): Locator {
    return this.page.getByTestId('record-row');
  }

  /** The seq of every row on screen, in order. */
  rowSeqs(): Promise<number[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => Number(r.getAttribute('data-seq'))));
  }

  /** The operator of every row on screen. */
  rowOperators(): Promise<(string | null)[]> {
    return this.rows.evaluateAll((rows) => rows.map((r) => r.getAttribute('data-operator')));
  }

  get operatorFilter(): Locator {
    return this.page.getByTestId('filter-operator');
  }

  async filterOperator(label: string): Promise<void> {
    await pickOption(this.operatorFilter, label);
  }

  /** A quick range button (`today`, `lastWeek`, …). */
  range(name: string): Locator {
    return this.page.locator(`[data-range="${name}"]`);
  }

  get pageNext(): Locator {
    return this.page.getByTestId('page-next');
  }

  get pagePrev(): Locator {
    return this.page.getByTestId('page-prev');
  }

  get pageNumber(): Locator {
    return this.page.getByTestId('page-number');
  }

  /** The open record's detail in the drawer (carries `data-seq`). */
  get drawer(): Locator {
    return this.page.getByTestId('record-detail');
  }

  /** A row's link to the return-code dictionary. */
  codeLink(row: Locator, code: string): Locator {
    return row.locator(`[data-testid="code-link"][data-code="${code}"]`);
  }

  get archivedNotice(): Locator {
    return this.page.getByTestId('archived-range-notice');
  }

  get archivedLoad(): Locator {
    return this.archivedNotice.getByTestId('archived-range-load');
  }

  get providerNotice(): Locator {
    return this.page.getByTestId('provider-notice');
  }
}

export class StatisticsPage extends ViewPage {
  readonly name = 'statistics';

  get dayRows(): Locator {
    return this.page.getByTestId('stats-day-row');
  }

  /** Every day row's date and calls. */
  days(): Promise<{ date: string; calls: number }[]> {
    return this.dayRows.evaluateAll((rs) => rs.map((r) => ({ date: r.getAttribute('data-date')!, calls: Number(r.getAttribute('data-calls')) })));
  }

  dayRow(date: string): Locator {
    return this.page.locator(`[data-testid="stats-day-row"][data-date="${date}"]`);
  }

  get day(): Locator {
    return this.page.getByTestId('stats-day');
  }

  get dayOperators(): Locator {
    return this.page.getByTestId('stats-day-operators');
  }

  get dayRecordsLink(): Locator {
    return this.page.getByTestId('stats-day-records');
  }
}

export class CodesPage extends ViewPage {
  readonly name = 'codes';

  row(code: string): Locator {
    return this.page.locator(`[data-testid="code-row"][data-code="${code}"]`).first();
  }

  get triageLink(): Locator {
    return this.page.getByTestId('code-triage').first();
  }
}
