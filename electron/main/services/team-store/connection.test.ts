import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { storeConnection } from './connection';

const dir = mkdtempSync(join(tmpdir(), 'onetap-conn-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('team store connection', () => {
  it('refuses a password in the URL, naming the safe ways to give it', () => {
    expect(() => storeConnection('postgresql://finance:s3cret@db.example:5432/onetap', { env: {} })).toThrow(
      /holds a password: give it in PGPASSWORD or --store-password-file/,
    );
    expect(() => storeConnection('postgresql://finance:@db.example/onetap', { env: {} })).toThrow(/holds a password/);
  });

  it('reads the password from the file first, else PGPASSWORD, and never shows it', () => {
    const file = join(dir, 'pw');
    writeFileSync(file, 'from-file\nignored\n');
    const a = storeConnection('postgresql://finance@db.example/onetap', { passwordFile: file, env: { PGPASSWORD: 'from-env' } });
    expect(a.config.password).toBe('from-file');
    expect(a.display).toBe('postgresql://finance@db.example:5432/onetap');
    expect(storeConnection('postgresql://finance@db.example/onetap', { env: { PGPASSWORD: 'from-env' } }).config.password).toBe('from-env');
    expect(storeConnection('postgresql://finance@db.example/onetap', { env: {} }).config.password).toBeUndefined();
    expect(() => storeConnection('postgresql://finance@db.example/onetap', { passwordFile: join(dir, 'missing'), env: {} })).toThrow(/cannot read .*ENOENT/);
    writeFileSync(join(dir, 'empty'), '\n');
    expect(() => storeConnection('postgresql://f@h/d', { passwordFile: join(dir, 'empty'), env: {} })).toThrow(/holds no password/);
  });

  it('takes a socket directory, a port and TLS modes; TLS is verified by default over TCP', () => {
    const sock = storeConnection('postgresql://u@/team?host=%2Ftmp%2Fpg&port=6543', { env: {} });
    expect(sock.config).toMatchObject({ host: '/tmp/pg', port: 6543, user: 'u', database: 'team', ssl: false });
    const tcp = storeConnection('postgres://u@[::1]:5433/team', { env: {} });
    expect(tcp.config).toMatchObject({ host: '::1', port: 5433, ssl: { rejectUnauthorized: true } });
    expect(storeConnection('postgresql://u@h/d?sslmode=require', { env: {} }).config.ssl).toEqual({ rejectUnauthorized: false });
    expect(() => storeConnection('postgresql://u@h/d?sslmode=prefer', { env: {} })).toThrow(/sslmode prefer is not one of/);
    expect(() => storeConnection('postgresql://u@h/d?password=x', { env: {} })).toThrow(/unknown parameter password/);
    expect(() => storeConnection('mysql://u@h/d', { env: {} })).toThrow(/expected a postgresql/);
    expect(() => storeConnection('postgresql://u@h:99999/d', { env: {} })).toThrow(/not a port number/);
  });
});
