/** The billing screen (`/billing`): the month's bill, tiers, what-if, downloads, provider reconciliation. */
import type { Locator } from '@playwright/test';
import { ViewPage } from './view';

export class BillingPage extends ViewPage {
  readonly name = 'billing';

  /** The bill of `month` is on screen. */
  month(month: string): Locator {
    return this.page.locator(`[data-month="${month}"]`);
  }

  get amount(): Locator {
    return this.page.getByTestId('bill-amount');
  }

  get billable(): Locator {
    return this.page.getByTestId('bill-billable');
  }

  get tierLadder(): Locator {
    return this.page.getByTestId('tier-ladder');
  }

  get packagePanel(): Locator {
    return this.page.getByTestId('package-panel');
  }

  /** A package's row in the packages card. */
  packageRow(packageId: string): Locator {
    return this.packagePanel.locator(`[data-testid="package-row"][data-package="${packageId}"]`);
  }

  get reconStatus(): Locator {
    return this.page.getByTestId('recon-status');
  }

  get monthPrev(): Locator {
    return this.page.getByTestId('month-prev');
  }

  get monthNext(): Locator {
    return this.page.getByTestId('month-next');
  }

  get tierTable(): Locator {
    return this.page.getByTestId('tier-table');
  }

  get tierRows(): Locator {
    return this.tierTable.locator('tr[data-tier]');
  }

  /** A cell of the tier table (`data-col`), in a row or in the table's totals. */
  cell(col: string, row: Locator = this.tierTable): Locator {
    return row.locator(`[data-col="${col}"]`);
  }

  get forecastTable(): Locator {
    return this.page.getByTestId('tier-table-forecast');
  }

  get whatIfCalls(): Locator {
    return this.page.getByTestId('what-if-calls').getByRole('textbox');
  }

  /** The what-if's package field (the calculator's second number). */
  get whatIfPackageRemaining(): Locator {
    return this.page.getByTestId('what-if').getByRole('textbox').nth(1);
  }

  get whatIfAmount(): Locator {
    return this.page.getByTestId('what-if-amount');
  }

  get whatIfAllUnits(): Locator {
    return this.page.getByTestId('what-if-all-units');
  }

  get exportMenu(): Locator {
    return this.page.getByTestId('billing-export');
  }

  get statementButton(): Locator {
    return this.page.getByTestId('billing-statement');
  }

  get basis(): Locator {
    return this.page.getByTestId('bill-basis');
  }

  get ladderSource(): Locator {
    return this.page.getByTestId('bill-ladder-source');
  }

  get providerRecon(): Locator {
    return this.page.getByTestId('provider-recon-panel');
  }

  get providerReconRows(): Locator {
    return this.page.getByTestId('precon-row');
  }

  get providerReconDrill(): Locator {
    return this.page.getByTestId('precon-drill');
  }

  get providerLineDrawer(): Locator {
    return this.page.getByTestId('provider-line-drawer');
  }

  get providerLineTotal(): Locator {
    return this.page.getByTestId('provider-line-total');
  }
}
