/**
 * vue-echarts' `<VChart>` with an `autoresize` that redraws only when the chart's size really changed.
 * vue-echarts compares the observed box (`contentRect`, fractional pixels) with the chart's size
 * (whole pixels, read from the element's client size), so a chart in a box of fractional width
 * (any grid column) drew its first frame and then, on the observer's first report, drew everything
 * again: a second full layout and paint of every chart as it appeared (on the dashboard, between
 * ECharts' 'finished' and the page showing it). Here the element's client size, the one ECharts
 * itself measures, is compared, and vue-echarts' own observer is left off.
 */
import { defineComponent, h, onBeforeUnmount, onMounted, shallowRef, type Component } from 'vue';

/** The parts of an ECharts instance (as vue-echarts exposes it) the resizing reads and calls. */
export interface SizedChart {
  getWidth(): number;
  getHeight(): number;
  getDom(): HTMLElement;
  resize(): void;
}

/** Whether the chart must be redrawn for its element's current size (never for a hidden, empty box). */
export function needsResize(chart: Pick<SizedChart, 'getWidth' | 'getHeight'>, dom: Pick<HTMLElement, 'clientWidth' | 'clientHeight'>): boolean {
  if (dom.clientWidth === 0 || dom.clientHeight === 0) return false;
  return dom.clientWidth !== chart.getWidth() || dom.clientHeight !== chart.getHeight();
}

/** At most one redraw per `ms` while a box keeps changing (a window dragged), and one at its end. */
const RESIZE_THROTTLE_MS = 100;

/** `base` (vue-echarts' component) with the `autoresize` above; every other prop, event and slot passes through. */
export function withExactAutoresize(base: Component): Component {
  return defineComponent({
    name: 'ExactAutoresizeChart',
    inheritAttrs: false,
    props: { autoresize: { type: Boolean, default: false } },
    setup(props, { attrs, slots, expose }) {
      const inner = shallowRef<SizedChart | null>(null);
      let observer: ResizeObserver | null = null;
      let last = 0;
      let timer: ReturnType<typeof setTimeout> | undefined;
      const resize = (): void => {
        timer = undefined;
        last = Date.now();
        const chart = inner.value;
        // Not drawn yet, or disposed: its first draw measures the box itself.
        let dom: HTMLElement | undefined;
        try {
          dom = chart?.getDom();
        } catch {
          return;
        }
        if (chart && dom && needsResize(chart, dom)) chart.resize();
      };
      onMounted(() => {
        if (!props.autoresize || typeof ResizeObserver !== 'function') return;
        const root = (inner.value as unknown as { root?: Element } | null)?.root;
        if (!root) return;
        observer = new ResizeObserver(() => {
          if (timer !== undefined) return;
          const wait = last + RESIZE_THROTTLE_MS - Date.now();
          if (wait <= 0) resize();
          else timer = setTimeout(resize, wait);
        });
        observer.observe(root);
      });
      onBeforeUnmount(() => {
        observer?.disconnect();
        clearTimeout(timer);
      });
      // The inner component's methods (setOption, resize, dispatchAction …) stay reachable through a ref.
      expose(
        new Proxy({} as Record<PropertyKey, unknown>, {
          get: (_t, key) => (inner.value as unknown as Record<PropertyKey, unknown> | null)?.[key],
          has: (_t, key) => inner.value !== null && key in inner.value,
        }),
      );
      return () => h(base, { ...attrs, ref: inner }, slots);
    },
  });
}
