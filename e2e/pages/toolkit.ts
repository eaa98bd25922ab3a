/** The integration toolkit: the signature debugger (`/toolkit/signature`) and failure triage (`/toolkit/triage`). */
import type { Locator } from '@playwright/test';
import { ConsoleFrame } from './view';

export class SignatureDebuggerPage extends ConsoleFrame {
  get request(): Locator {
    return this.page.getByTestId('sign-request').getByRole('textbox');
  }

  get key(): Locator {
    return this.page.getByTestId('sign-key').getByRole('textbox');
  }

  get explain(): Locator {
    return this.page.getByTestId('sign-explain');
  }

  get result(): Locator {
    return this.page.getByTestId('sign-result');
  }

  get expected(): Locator {
    return this.page.getByTestId('sign-expected');
  }

  problem(kind: string): Locator {
    return this.page.locator(`[data-problem="${kind}"]`);
  }
}

/** A triage panel: on its own page, or inside a record's drawer (`within`). */
export class TriagePanel {
  readonly panel: Locator;

  constructor(within: Locator | ConsoleFrame) {
    this.panel = (within instanceof ConsoleFrame ? within.page : within).getByTestId('triage-panel');
  }

  get firstCause(): Locator {
    return this.panel.locator('[data-cause]').first();
  }

  cause(cause: string): Locator {
    return this.panel.locator(`[data-cause="${cause}"]`);
  }
}
