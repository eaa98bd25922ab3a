/** The home screen (`/dashboard`) and the all-workspaces overview (`/dashboard/all`). */
import type { Locator } from '@playwright/test';
import { pickOption } from './select';
import { ViewPage } from './view';

export type Kpi = 'today' | 'month' | 'year' | 'all' | 'apps';

export class DashboardPage extends ViewPage {
  readonly name = 'dashboard';

  get refreshButton(): Locator {
    return this.page.getByTestId('dashboard-refresh');
  }

  kpi(key: Kpi): Locator {
    return this.page.getByTestId(`kpi-${key}`);
  }

  /** The figure a KPI card shows, read from its `data-value`. */
  async kpiValue(key: Kpi): Promise<number> {
    return Number(await this.kpi(key).getAttribute('data-value'));
  }

  kpiLink(key: Kpi): Locator {
    return this.page.getByTestId(`kpi-${key}-link`);
  }

  operator(op: string): Locator {
    return this.page.getByTestId('dashboard-operators').locator(`[data-operator="${op}"]`);
  }

  /** The chart, by the app it shows (`data-app`). */
  get chartApp(): Locator {
    return this.page.getByTestId('dashboard-chart').locator('[data-app]');
  }

  /** Switches the chart's app; the name is typed first (the list may outgrow its visible window). */
  async switchApp(name: string): Promise<void> {
    await pickOption(this.page.getByTestId('dashboard-app-switch'), name, { type: true });
  }

  get createAppButton(): Locator {
    return this.page.getByTestId('dashboard-create-app');
  }

  get allWorkspacesTable(): Locator {
    return this.page.getByTestId('all-workspaces-table');
  }
}
