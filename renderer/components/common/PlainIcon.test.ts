// @vitest-environment happy-dom
import { describe, expect, it } from 'vitest';
import { h } from 'vue';
import { mount } from '@vue/test-utils';
import { NConfigProvider, NIcon } from 'naive-ui';
import { PlainIcon } from './PlainIcon';

const Svg = { render: () => h('svg', { viewBox: '0 0 512 512' }, [h('path', { d: 'M0 0h512v512H0z' })]) };

/** The icon's element as naive-ui styles it: tag, role, classes and content (NIcon's inline variables aside). */
function shape(el: Element): { tag: string; role: string | null; classes: string[]; html: string } {
  return { tag: el.tagName, role: el.getAttribute('role'), classes: [...el.classList].sort(), html: el.innerHTML };
}

describe('PlainIcon', () => {
  it('draws what NIcon draws for an icon with no size, colour or depth', () => {
    const naive = mount(() => h(NConfigProvider, null, () => h(NIcon, null, () => h(Svg))));
    const plain = mount(() => h(PlainIcon, null, () => h(Svg)));
    const naiveEl = naive.element.querySelector('i')!;
    expect(shape(plain.element)).toEqual(shape(naiveEl));
    expect(shape(plain.element)).toMatchObject({ tag: 'I', role: 'img', classes: ['n-icon'] });
    // What NIcon's inline style carries is only its transition curve (depth and colour are unset).
    expect(
      naiveEl
        .getAttribute('style')
        ?.replace(/--n-bezier:[^;]*;?/, '')
        .trim() ?? '',
    ).toBe('');
  });

  it('passes a class given to it to the icon (a spinning state)', () => {
    const plain = mount(() => h(PlainIcon, { class: 'spin' }, () => h(Svg)));
    expect([...plain.element.classList].sort()).toEqual(['n-icon', 'spin']);
  });
});
