// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick, ref } from 'vue';
import { mount } from '@vue/test-utils';
import { needsResize, withExactAutoresize } from './exact-autoresize';

describe('needsResize', () => {
  const chart = { getWidth: () => 612, getHeight: () => 300 };
  it('is false when the element still has the size the chart was drawn at', () => {
    expect(needsResize(chart, { clientWidth: 612, clientHeight: 300 })).toBe(false);
  });
  it('is true when either side changed', () => {
    expect(needsResize(chart, { clientWidth: 700, clientHeight: 300 })).toBe(true);
    expect(needsResize(chart, { clientWidth: 612, clientHeight: 320 })).toBe(true);
  });
  it('is false for a hidden, empty box', () => {
    expect(needsResize(chart, { clientWidth: 0, clientHeight: 0 })).toBe(false);
  });
});

/** A stand-in for vue-echarts: its root element, its instance's size and a count of redraws. */
function fakeChart(size: { width: number; height: number }) {
  const resized = vi.fn();
  const Base = defineComponent({
    inheritAttrs: false,
    setup(_props, { attrs, expose }) {
      const root = ref<HTMLElement>();
      expose({
        get root() {
          return root.value;
        },
        getDom: () => root.value,
        getWidth: () => size.width,
        getHeight: () => size.height,
        resize: resized,
        setOption: () => 'set',
      });
      return () => h('div', { ...attrs, ref: root });
    },
  });
  return { Base, resized };
}

/** A ResizeObserver the test reports to, with the box's client size set on the element. */
function fakeObserver() {
  const observers: { cb: ResizeObserverCallback; el: Element | null }[] = [];
  vi.stubGlobal(
    'ResizeObserver',
    class {
      entry: { cb: ResizeObserverCallback; el: Element | null };
      constructor(cb: ResizeObserverCallback) {
        this.entry = { cb, el: null };
        observers.push(this.entry);
      }
      observe(el: Element) {
        this.entry.el = el;
      }
      disconnect() {
        this.entry.el = null;
      }
    },
  );
  return (width: number, height: number) => {
    for (const o of observers) {
      if (!o.el) continue;
      Object.defineProperty(o.el, 'clientWidth', { configurable: true, value: width });
      Object.defineProperty(o.el, 'clientHeight', { configurable: true, value: height });
      o.cb([{ contentRect: { width: width - 0.34, height } } as unknown as ResizeObserverEntry], {} as ResizeObserver);
    }
  };
}

describe('withExactAutoresize', () => {
  afterEach(() => {
    vi.unstubAllGlobals();
    vi.useRealTimers();
  });

  it('does not redraw on the first report of the size it was drawn at (a fractional box)', () => {
    const report = fakeObserver();
    const { Base, resized } = fakeChart({ width: 612, height: 300 });
    mount(withExactAutoresize(Base), { props: { autoresize: true } });
    report(612, 300);
    expect(resized).not.toHaveBeenCalled();
  });

  it('redraws when the box really changed, at most once per throttle window and once at its end', async () => {
    vi.useFakeTimers();
    const report = fakeObserver();
    const size = { width: 612, height: 300 };
    const { Base, resized } = fakeChart(size);
    mount(withExactAutoresize(Base), { props: { autoresize: true } });
    report(612, 300); // the first report: nothing to do, but it counts as a check
    vi.advanceTimersByTime(150);
    report(700, 300);
    expect(resized).toHaveBeenCalledTimes(1);
    size.width = 700;
    report(720, 300);
    report(740, 300);
    expect(resized).toHaveBeenCalledTimes(1); // within the window: one pending redraw
    vi.advanceTimersByTime(100);
    expect(resized).toHaveBeenCalledTimes(2);
    await nextTick();
  });

  it('leaves the size alone without autoresize', () => {
    const report = fakeObserver();
    const { Base, resized } = fakeChart({ width: 612, height: 300 });
    mount(withExactAutoresize(Base), { props: { autoresize: false } });
    report(900, 300);
    expect(resized).not.toHaveBeenCalled();
  });

  it('passes attributes and listeners through and keeps the inner methods reachable', () => {
    fakeObserver();
    const { Base } = fakeChart({ width: 1, height: 1 });
    const wrapper = mount(withExactAutoresize(Base), { attrs: { class: 'c', 'data-chart-drawn': 'true' } });
    expect(wrapper.find('div.c').attributes('data-chart-drawn')).toBe('true');
    expect((wrapper.vm as unknown as { setOption: () => string }).setOption()).toBe('set');
  });
});
