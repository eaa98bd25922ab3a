/**
 * What every view's page object shares: the view's root (its `data-view`), in-page navigation,
 * and the console's frame (sidebar, header, language and theme menus).
 */
import type { Locator, Page } from '@playwright/test';

export class ConsoleFrame {
  constructor(readonly page: Page) {}

  /** The root of a view by its `data-view` name. */
  view(name: string): Locator {
    return this.page.locator(`[data-view="${name}"]`);
  }

  /** The view's first-level heading. */
  heading(name: string): Locator {
    return this.view(name).getByRole('heading', { level: 1 });
  }

  get sider(): Locator {
    return this.page.getByTestId('app-sider');
  }

  /** The collapsed side menu's tooltip naming a destination (drawn outside the app's root). */
  navTooltip(key: string): Locator {
    return this.page.locator(`#app ~ * [data-nav="${key}"]`);
  }

  get header(): Locator {
    return this.page.getByTestId('app-header');
  }

  /** A sidebar destination by its nav key. */
  nav(key: string): Locator {
    return this.page.locator(`[data-nav="${key}"]`);
  }

  get alertBell(): Locator {
    return this.page.getByTestId('alert-bell');
  }

  async switchLanguage(locale: 'zh-CN' | 'en-US'): Promise<void> {
    await this.page.getByTestId('language-toggle').click();
    await this.page.locator(`[data-locale="${locale}"]`).click();
  }

  async switchTheme(pref: 'light' | 'dark' | 'system'): Promise<void> {
    await this.page.getByTestId('theme-toggle').click();
    await this.page.locator(`[data-theme-pref="${pref}"]`).click();
  }

  /**
   * Opens a view in the page already showing the console. (openConsole again would only change
   * the fragment of a loaded page, so its `&token=` would end up in the route.)
   */
  async go(path: string): Promise<void> {
    await this.page.evaluate((hash) => {
      location.hash = hash;
    }, `#${path}`);
  }
}

/** A view's page object: the frame plus the view's own root. */
export abstract class ViewPage extends ConsoleFrame {
  abstract readonly name: string;

  get root(): Locator {
    return this.view(this.name);
  }

  get title(): Locator {
    return this.heading(this.name);
  }
}
