// @vitest-environment happy-dom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { defineComponent, h, nextTick } from 'vue';
import { flushPromises, mount } from '@vue/test-utils';
import { NButton, NDropdown, NTooltip } from 'naive-ui';
import DeferredPopover from './DeferredPopover.vue';

afterEach(() => {
  document.body.innerHTML = '';
});

/** The popover as a view uses it: a button as the control, a tooltip's text or a dropdown's one option. */
const Host = defineComponent({
  props: { kind: { type: String as () => 'tooltip' | 'dropdown', required: true }, onSelect: { type: Function, default: () => undefined } },
  setup: (props) => () =>
    h(
      DeferredPopover,
      {
        kind: props.kind,
        popover:
          props.kind === 'tooltip'
            ? { placement: 'bottom' }
            : { trigger: 'click', options: [{ key: 'en-US', label: 'English', props: { 'data-locale': 'en-US' } }], onSelect: props.onSelect },
      },
      {
        default: () => h('div', [h(NButton, { 'data-testid': 'control' }, () => 'bell'), h(NButton, { 'data-testid': 'second' }, () => '2')]),
        content: () => h('span', { 'data-testid': 'tip' }, 'Alerts'),
      },
    ),
});

const tooltip = () => mount(Host, { props: { kind: 'tooltip' }, attachTo: document.body });
const dropdown = (onSelect: (key: string | number) => void) => mount(Host, { props: { kind: 'dropdown', onSelect }, attachTo: document.body });

describe('DeferredPopover', () => {
  it('draws the control alone until something reaches it', () => {
    const wrapper = tooltip();
    expect(wrapper.find('[data-testid="control"]').text()).toBe('bell');
    expect(wrapper.findComponent(NTooltip).exists()).toBe(false);
    wrapper.unmount();
  });

  it('creates a tooltip shown when the pointer reaches its control', async () => {
    const wrapper = tooltip();
    await wrapper.find('[data-testid="control"]').trigger('pointerover');
    await flushPromises();
    expect(wrapper.findComponent(NTooltip).exists()).toBe(true);
    expect(document.body.querySelector('[data-testid="tip"]')?.textContent).toBe('Alerts');
    // The control is still there, now as the tooltip's trigger.
    expect(wrapper.findAll('[data-testid="control"]')).toHaveLength(1);
    wrapper.unmount();
  });

  it('creates a dropdown closed on hover and opens it on click; a choice reaches the handler', async () => {
    const onSelect = vi.fn();
    const wrapper = dropdown(onSelect);
    await wrapper.find('[data-testid="control"]').trigger('pointerover');
    await flushPromises();
    expect(wrapper.findComponent(NDropdown).exists()).toBe(true);
    expect(document.body.querySelector('[data-locale="en-US"]')).toBeNull();
    await wrapper.find('[data-testid="control"]').trigger('click');
    await flushPromises();
    document.body.querySelector<HTMLElement>('[data-locale="en-US"]')!.click();
    expect(onSelect).toHaveBeenCalledWith('en-US', expect.anything());
    wrapper.unmount();
  });

  it('opens a dropdown at once when a click is the first thing to reach it', async () => {
    const wrapper = dropdown(() => undefined);
    await wrapper.find('[data-testid="control"]').trigger('click');
    await flushPromises();
    expect(document.body.querySelector('[data-locale="en-US"]')).not.toBeNull();
    wrapper.unmount();
  });

  it('gives the focus back to the control rebuilt inside its popover', async () => {
    const wrapper = dropdown(() => undefined);
    const before = wrapper.find('[data-testid="control"]').element as HTMLElement;
    before.focus();
    await nextTick();
    await nextTick();
    const after = wrapper.find('[data-testid="control"]').element;
    expect(after).not.toBe(before);
    expect(document.activeElement).toBe(after);
    wrapper.unmount();
  });

  it('gives the focus back to the same one of several controls', async () => {
    const wrapper = mount(Host, { props: { kind: 'tooltip' }, attachTo: document.body });
    const before = wrapper.find('[data-testid="second"]').element as HTMLElement;
    before.focus();
    await nextTick();
    await nextTick();
    const after = wrapper.find('[data-testid="second"]').element;
    expect(after).not.toBe(before);
    expect(document.activeElement).toBe(after);
    wrapper.unmount();
  });
});
