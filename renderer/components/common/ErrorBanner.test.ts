// @vitest-environment happy-dom
import { beforeEach, describe, expect, it } from 'vitest';
import { mount } from '@vue/test-utils';
import { ApiError } from '../../../shared/contract/errors';
import { applyLocale, i18n } from '../../i18n';
import ErrorBanner from './ErrorBanner.vue';

const mountBanner = (props: { error: unknown; retryable?: boolean }) => mount(ErrorBanner, { props, global: { plugins: [i18n] } });

describe('ErrorBanner', () => {
  beforeEach(() => applyLocale('zh-CN'));

  it('renders nothing without an error', () => {
    expect(mountBanner({ error: null }).find('[data-testid="error-banner"]').exists()).toBe(false);
  });

  it('explains the error code in the current language and keeps the technical message', () => {
    const w = mountBanner({ error: new ApiError('PLATFORM_UNREACHABLE', 'connect ECONNREFUSED 127.0.0.1:9') });
    const banner = w.find('[data-testid="error-banner"]');
    expect(banner.attributes('data-error-code')).toBe('PLATFORM_UNREACHABLE');
    expect(banner.text()).toContain('无法连接开放平台');
    expect(banner.text()).toContain('connect ECONNREFUSED 127.0.0.1:9');
    applyLocale('en-US');
    return w.vm.$nextTick().then(() => expect(w.text()).toContain('The platform cannot be reached'));
  });

  it('lists field messages of a validation failure', () => {
    const w = mountBanner({ error: new ApiError('VALIDATION_FAILED', 'invalid', { fields: { name: '名称已存在' } }) });
    expect(w.find('.error-banner__fields').text()).toContain('name: 名称已存在');
  });

  it('treats anything thrown that is not an ApiError as unknown', () => {
    const w = mountBanner({ error: new TypeError('x is undefined') });
    expect(w.find('[data-testid="error-banner"]').attributes('data-error-code')).toBe('UNKNOWN');
    expect(w.text()).toContain('发生未知错误');
  });

  it('offers Retry when asked', async () => {
    const w = mountBanner({ error: new ApiError('INTERNAL', 'x'), retryable: true });
    await w.find('button').trigger('click');
    expect(w.emitted('retry')).toHaveLength(1);
  });
});
