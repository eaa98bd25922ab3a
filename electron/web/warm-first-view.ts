/**
 * The first view's calls, answered once by the browser-mode host as it starts, with nobody waiting.
 * A page's first answers pay for loading each call's schemas, preparing its statements and reading
 * its database pages: on the served demo the three cost ~60 ms of the host's CPU cold against ~5 ms
 * warm, and `npm start` opens the page the moment the host is up, so its boot script
 * (renderer/boot/early-calls.ts, which asks for these same calls on a bare address) would wait for
 * that work. Done here first, one call per turn of the event loop so a request arriving meanwhile
 * is not held up; the answers are dropped.
 */
import type { CallInput, CallName } from '../../shared/contract';
import type { ServiceContext } from '../main/services/core/context';
import { dispatch, type Handlers } from '../main/services/core/dispatch';
import { startTrendDrawing } from '../main/services/dashboard/trend-svg';

type Call = { [N in CallName]: readonly [N, CallInput<N>] }[CallName];

/** What the boot script asks for when the console opens on its default view (the dashboard). */
export const FIRST_VIEW_CALLS: readonly Call[] = [
  ['settings.get', {}],
  ['app.info', {}],
  ['dashboard.summary', {}],
];

const nextTurn = (): Promise<void> => new Promise((done) => setImmediate(done));

/** Makes each first-view call once; returns the names of those that failed (no workspace yet, …). */
export async function warmFirstView(handlers: Handlers, ctx: ServiceContext): Promise<CallName[]> {
  // The dashboard trend's first frame is drawn on a thread of its own: it loads ECharts there,
  // beside these calls, ready when the page asks (DashboardTrendChart.vue, dashboard.trendSvg).
  startTrendDrawing();
  const failed: CallName[] = [];
  for (const [name, input] of FIRST_VIEW_CALLS) {
    await nextTurn();
    try {
      await dispatch(handlers, ctx, name, input);
    } catch {
      failed.push(name); // the page asks again and shows the error itself
    }
  }
  return failed;
}
