import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import { register as registerSync } from './commands/sync';
import { connectionFrom, secretKeyFrom } from './session';

const dir = mkdtempSync(join(tmpdir(), 'onetap-secret-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('the secret key, read in one place', () => {
  it('from --secret-key-file (first line, trimmed), never both ways at once', () => {
    const file = join(dir, 'sk');
    writeFileSync(file, 'sk-from-file-123\n', { mode: 0o600 });
    expect(secretKeyFrom({ secretKeyFile: file }, {})).toBe('sk-from-file-123');
    expect(connectionFrom({ endpoint: 'http://127.0.0.1:1', accessKey: 'AK', secretKeyFile: file }, {})).toEqual({
      endpoint: 'http://127.0.0.1:1',
      accessKey: 'AK',
      secretKey: 'sk-from-file-123',
    });
    expect(() => secretKeyFrom({ secretKeyFile: file, secretKey: 'x' }, {})).toThrow(/not both/);
    expect(() => secretKeyFrom({ secretKeyFile: join(dir, 'missing') }, {})).toThrow(/cannot read/);
    writeFileSync(join(dir, 'empty'), '\n');
    expect(() => secretKeyFrom({ secretKeyFile: join(dir, 'empty') }, {})).toThrow(/no secret key/);
  });

  it('else --secret-key, else ONETAP_SECRET_KEY', () => {
    expect(secretKeyFrom({ secretKey: 'a' }, { ONETAP_SECRET_KEY: 'b' })).toBe('a');
    expect(secretKeyFrom({}, { ONETAP_SECRET_KEY: 'b' })).toBe('b');
    expect(secretKeyFrom({}, {})).toBeUndefined();
  });

  it('the help offers the file and steers away from the command line', () => {
    const program = new Command();
    registerSync(program);
    const help = program.commands
      .find((c) => c.name() === 'sync')!
      .helpInformation()
      .replace(/\s+/g, ' ');
    expect(help).toContain('--secret-key-file <file>');
    expect(help).toContain('--secret-key <key> platform secret key; visible to other users in ps: prefer ONETAP_SECRET_KEY or --secret-key-file');
  });
});
