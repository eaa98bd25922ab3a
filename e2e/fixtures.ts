/**
 * Test fixtures: `server` (one `onetap serve` per worker), `api` (contract calls over HTTP
 * with the token, for arranging and checking state), `demoSynced` (the demo workspace active
 * and synced), and a page that fails the test on any CSP violation or uncaught page error.
 * Views are driven through their page objects (e2e/pages); selects through `pickOption`.
 */
import { test as base, expect, type APIRequestContext, type Page } from '@playwright/test';
import type { CallInput, CallName, CallOutput } from '../shared/contract';
import { startServe, type ServeHandle } from './serve';

/** The contract over HTTP, typed by the contract itself (no re-declared output shapes in the specs). */
export interface ContractClient {
  call<N extends CallName>(name: N, input?: CallInput<N>): Promise<CallOutput<N>>;
}

type Workspace = CallOutput<'workspaces.list'>['items'][number];

interface WorkerFixtures {
  server: ServeHandle;
}
interface TestFixtures {
  api: ContractClient;
  /** Problems the page reported: CSP violations and uncaught errors. Checked after each test. */
  pageProblems: string[];
  /** Opens the console the way a user does: the served address with the token in the fragment. */
  openConsole: (path?: string) => Promise<Page>;
  /**
   * The demo workspace, made the active one and synced (its first sync, months of records, is
   * waited for: it shares this machine with the browser, hence the fixture's own time budget).
   */
  demoSynced: Workspace;
}

export const DEFAULT_SETTINGS = { locale: 'zh-CN', theme: 'system', lastView: '/dashboard' } as const;

function contractClient(request: APIRequestContext, server: ServeHandle): ContractClient {
  return {
    async call<N extends CallName>(name: N, input: CallInput<N> | Record<string, never> = {}): Promise<CallOutput<N>> {
      const res = await request.post(`${server.origin}/api/${name}`, {
        // A connection per call: a kept one idle for the host's keep-alive time (5 s, as long as a test's
        // UI steps between two calls) can be closed by the host just as the next call goes out, and
        // Playwright's client fails that call with ECONNRESET instead of sending it again (a browser
        // sends it again). Loopback connections cost nothing here.
        headers: { Authorization: `Bearer ${server.token}`, Connection: 'close' },
        data: input,
        // A sync or an export may take minutes on a loaded machine: the test's own timeout bounds the call.
        timeout: 0,
      });
      const body = (await res.json()) as unknown;
      if (!res.ok()) throw new Error(`${name} failed: HTTP ${res.status()} ${JSON.stringify(body)}`);
      return body as CallOutput<N>;
    },
  };
}

export const test = base.extend<TestFixtures, WorkerFixtures>({
  server: [
    // eslint-disable-next-line no-empty-pattern -- Playwright requires the destructuring form
    async ({}, use) => {
      const server = await startServe();
      await use(server);
      await server.stop();
    },
    { scope: 'worker', timeout: 90_000 },
  ],

  api: async ({ request, server }, use) => {
    const api = contractClient(request, server);
    // Every test starts from the same settings, whatever the previous one changed.
    await api.call('settings.set', DEFAULT_SETTINGS);
    await use(api);
  },

  pageProblems: async ({ page }, use) => {
    const problems: string[] = [];
    page.on('console', (msg) => {
      if (msg.type() === 'error' && /Content Security Policy|Refused to (evaluate|execute|load|apply|connect)/i.test(msg.text())) {
        problems.push(`CSP: ${msg.text()}`);
      }
    });
    page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
    await use(problems);
    expect(problems, 'the page reported CSP violations or uncaught errors').toEqual([]);
  },

  demoSynced: [
    async ({ api }, use) => {
      const list = await api.call('workspaces.list');
      const demo = list.items.find((w) => w.kind === 'demo')!;
      if (list.activeId !== demo.id) await api.call('workspaces.activate', { id: demo.id });
      await api.call('sync.run', {});
      await use(demo);
    },
    { timeout: 300_000 },
  ],

  openConsole: async ({ page, server, api: _api, pageProblems: _problems }, use) => {
    await use(async (path = '') => {
      await page.goto(`${server.origin}/${path ? `#${path}&` : '#'}token=${server.token}`);
      await expect(page.getByTestId('app-layout')).toBeVisible();
      return page;
    });
  },
});

export { expect };
export { pickOption } from './pages/select';
