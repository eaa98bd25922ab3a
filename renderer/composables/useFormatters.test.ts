import { afterEach, describe, expect, it } from 'vitest';
import { prepareFormatters } from './useFormatters';
import { formatCompactNumber, formatInteger, formatPercent } from './number-format';
import { formatRelativeTime } from './shanghai-time-format';

const RealNumberFormat = Intl.NumberFormat;
const RealRelativeTimeFormat = Intl.RelativeTimeFormat;
afterEach(() => {
  Intl.NumberFormat = RealNumberFormat;
  Intl.RelativeTimeFormat = RealRelativeTimeFormat;
});

/** Counts the Intl formatters built from now on. */
function countIntl(): { built: string[] } {
  const built: string[] = [];
  Intl.NumberFormat = class extends RealNumberFormat {
    constructor(...args: ConstructorParameters<typeof RealNumberFormat>) {
      super(...args);
      built.push('NumberFormat');
    }
  } as typeof Intl.NumberFormat;
  Intl.RelativeTimeFormat = class extends RealRelativeTimeFormat {
    constructor(...args: ConstructorParameters<typeof RealRelativeTimeFormat>) {
      super(...args);
      built.push('RelativeTimeFormat');
    }
  } as typeof Intl.RelativeTimeFormat;
  return { built };
}

describe('prepareFormatters', () => {
  it('builds every formatter the dashboard shows figures with, so none is built when they arrive', () => {
    const intl = countIntl();
    prepareFormatters('en-US');
    expect(intl.built.length).toBeGreaterThanOrEqual(4);
    intl.built.length = 0;
    expect(formatInteger(1234567, 'en-US')).toBe('1,234,567');
    expect(formatPercent(0.9734, 'en-US')).toBe('97.3%');
    expect(formatCompactNumber(123456, 'en-US')).toBe('123.5K');
    expect(formatRelativeTime(Date.now() - 5 * 60_000, Date.now(), 'en-US')).toBe('5 minutes ago');
    expect(intl.built).toEqual([]);
  });
});
