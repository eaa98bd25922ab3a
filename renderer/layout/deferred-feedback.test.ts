// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { defineComponent, h, nextTick, type Component } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { NConfigProvider, useDialog, useLoadingBar, useMessage } from 'naive-ui';
import { createDeferredFeedback, provideDeferredFeedback, type FeedbackApis } from './deferred-feedback';
import FeedbackProviders from './FeedbackProviders.vue';

/** Real-looking APIs that record what they were asked. */
function recordingApis(): { apis: FeedbackApis; calls: string[] } {
  const calls: string[] = [];
  const record =
    (name: string) =>
    (...args: unknown[]) => {
      calls.push(`${name}(${args.map((a) => JSON.stringify(a)).join(', ')})`);
      return { name };
    };
  const apis = {
    message: {
      create: record('message.create'),
      info: record('message.info'),
      success: record('message.success'),
      warning: record('message.warning'),
      error: record('message.error'),
      loading: record('message.loading'),
      destroyAll: record('message.destroyAll'),
    },
    dialog: {
      create: record('dialog.create'),
      success: record('dialog.success'),
      warning: record('dialog.warning'),
      error: record('dialog.error'),
      info: record('dialog.info'),
      destroyAll: record('dialog.destroyAll'),
    },
    loadingBar: { start: record('bar.start'), finish: record('bar.finish'), error: record('bar.error') },
  } as unknown as FeedbackApis;
  return { apis, calls };
}

afterEach(() => {
  document.body.innerHTML = '';
});

describe('deferred feedback', () => {
  it('shows the messages and dialogs asked for before the providers came, in order, and asks for the providers', () => {
    const feedback = createDeferredFeedback();
    const { apis, calls } = recordingApis();
    expect(feedback.wanted.value).toBe(false);
    feedback.apis.message.error('first');
    expect(feedback.wanted.value).toBe(true);
    feedback.apis.dialog.warning({ title: 'sure?' });
    feedback.apis.message.success('second', { duration: 1 });
    expect(calls).toEqual([]);
    feedback.connect(apis);
    expect(calls).toEqual(['message.error("first")', 'dialog.warning({"title":"sure?"})', 'message.success("second", {"duration":1})']);
  });

  it('forwards straight to the providers once they are there, with their handles', () => {
    const feedback = createDeferredFeedback();
    const { apis, calls } = recordingApis();
    feedback.connect(apis);
    expect(feedback.apis.message.info('now')).toEqual({ name: 'message.info' });
    expect(feedback.apis.dialog.create({ title: 't' })).toEqual({ name: 'dialog.create' });
    feedback.apis.loadingBar.start();
    feedback.apis.loadingBar.finish();
    expect(calls).toEqual(['message.info("now")', 'dialog.create({"title":"t"})', 'bar.start()', 'bar.finish()']);
  });

  it('asks for the providers when the page was idle, with nothing to show', () => {
    const feedback = createDeferredFeedback();
    feedback.want();
    expect(feedback.wanted.value).toBe(true);
  });

  it('shows the loading bar only for a navigation still under way when the providers come', () => {
    const ended = createDeferredFeedback();
    const first = recordingApis();
    ended.apis.loadingBar.start();
    ended.apis.loadingBar.finish();
    expect(ended.wanted.value).toBe(false);
    ended.connect(first.apis);
    expect(first.calls).toEqual([]);

    const failed = createDeferredFeedback();
    const second = recordingApis();
    failed.apis.loadingBar.start();
    failed.apis.loadingBar.error();
    failed.connect(second.apis);
    expect(second.calls).toEqual([]);

    const running = createDeferredFeedback();
    const third = recordingApis();
    running.apis.loadingBar.start();
    running.connect(third.apis);
    expect(third.calls).toEqual(['bar.start()']);
  });

  it("keeps naive-ui's composables working: a message asked for at once is drawn by the providers mounted later", async () => {
    const asked: Record<string, unknown> = {};
    const Page: Component = {
      setup() {
        const message = useMessage();
        asked.dialog = useDialog();
        asked.loadingBar = useLoadingBar();
        message.success('saved before the providers');
        return () => h('p', 'page');
      },
    };
    const Root = defineComponent({
      setup() {
        const feedback = createDeferredFeedback();
        provideDeferredFeedback(feedback);
        return () => h(NConfigProvider, null, () => [h(Page), feedback.wanted.value ? h(FeedbackProviders, { connect: feedback.connect }) : null]);
      },
    });
    const wrapper = mount(Root, { attachTo: document.body });
    await flushPromises();
    await nextTick();
    // naive-ui's composables throw without a provider above: these found the stand-ins.
    expect(asked.dialog).toHaveProperty('warning');
    expect(asked.loadingBar).toHaveProperty('start');
    expect(document.body.querySelector('.n-message')?.textContent).toContain('saved before the providers');
    wrapper.unmount();
  });
});
