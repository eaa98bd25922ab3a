// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { applyLocale, i18n } from '../../i18n';
import ResultTag from './ResultTag.vue';

const tags = (props: InstanceType<typeof ResultTag>['$props']) =>
  mount(ResultTag, { props, global: { plugins: [i18n] } })
    .findAll('.n-tag')
    .map((w) => w.text());

describe('ResultTag', () => {
  beforeEach(() => applyLocale('en-US'));

  it('shows the result alone, or the result and the verification outcome as two tags that can wrap', () => {
    expect(tags({ success: false })).toEqual(['Failure']);
    expect(tags({ success: true, outcome: null })).toEqual(['Success']);
    expect(tags({ success: true, outcome: 'unknown' })).toEqual(['Success', 'Undetermined']);
    applyLocale('zh-CN');
    expect(tags({ success: true, outcome: 'mismatch' })).toEqual(['成功', '不一致']);
  });
});
