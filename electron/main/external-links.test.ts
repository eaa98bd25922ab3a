import { describe, expect, it, vi } from 'vitest';
import { checkExternalUrl, createExternalOpener, MAX_EXTERNAL_URL_LENGTH } from './external-links';

describe('external link opener', () => {
  it.each(['https://example.com/', 'https://docs.example.com/path?q=1#x', 'mailto:ops@example.com'])('accepts %s', (url) => {
    expect(checkExternalUrl(url)?.href).toBeDefined();
  });

  it.each([
    'http://example.com/',
    'file:///etc/passwd',
    'javascript:alert(1)',
    'data:text/html,<script>1</script>',
    'app://onetap/index.html',
    'smb://host/share',
    'ms-msdt:/id PCWDiagnostic',
    'https://user:pass@example.com/',
    'mailto:ops@example.com?attach=/etc/passwd',
    'mailto:not-an-address',
    'https://',
    'not a url',
    '',
  ])('refuses %s', (url) => {
    expect(checkExternalUrl(url)).toBeNull();
  });

  it('refuses an over-long URL', () => {
    expect(checkExternalUrl(`https://example.com/${'a'.repeat(MAX_EXTERNAL_URL_LENGTH)}`)).toBeNull();
  });

  it.each([undefined, null, 42, { href: 'https://example.com' }])('refuses a non-string (%s)', (v) => {
    expect(checkExternalUrl(v)).toBeNull();
  });

  it('opens only what passed the check, and logs refusals without the URL', async () => {
    const shell = { openExternal: vi.fn(async () => undefined) };
    const logs: string[] = [];
    const open = createExternalOpener(shell, (m) => logs.push(m));
    expect(await open('https://example.com/a')).toBe(true);
    expect(shell.openExternal).toHaveBeenCalledWith('https://example.com/a');
    expect(await open('http://example.com/?token=secret123')).toBe(false);
    expect(shell.openExternal).toHaveBeenCalledTimes(1);
    expect(logs.join('\n')).toContain('http:');
    expect(logs.join('\n')).not.toContain('secret123');
  });

  it('reports a failing OS opener instead of throwing', async () => {
    const open = createExternalOpener({ openExternal: async () => Promise.reject(new Error('no browser')) }, () => undefined);
    expect(await open('https://example.com/')).toBe(false);
  });
});
