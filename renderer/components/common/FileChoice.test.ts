// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { applyLocale, i18n } from '../../i18n';
import FileChoice from './FileChoice.vue';

describe('FileChoice', () => {
  beforeEach(() => applyLocale('zh-CN'));

  it('names its button and the empty choice in the console’s language, then the file chosen', async () => {
    const w = mount(FileChoice, { props: { label: '导出文件', accept: '.csv', testid: 'f' }, global: { plugins: [i18n] } });
    expect(w.text()).toContain('导出文件');
    expect(w.find('button').text()).toBe('选择文件');
    expect(w.find('[data-testid="f-name"]').text()).toBe('未选择文件');

    const input = w.find('input[type="file"]');
    expect(input.attributes('accept')).toBe('.csv');
    const file = new File(['a,b\n'], 'records-2026-12.csv', { type: 'text/csv' });
    Object.defineProperty(input.element, 'files', { value: [file], configurable: true });
    await input.trigger('change');
    expect(w.emitted('pick')).toEqual([[file]]);
    expect(w.find('[data-testid="f-name"]').text()).toBe('records-2026-12.csv');

    applyLocale('en-US');
    Object.defineProperty(input.element, 'files', { value: [], configurable: true });
    await input.trigger('change');
    expect(w.emitted('pick')?.[1]).toEqual([null]);
    expect(w.find('button').text()).toBe('Choose file');
    expect(w.find('[data-testid="f-name"]').text()).toBe('No file chosen');
  });
});
