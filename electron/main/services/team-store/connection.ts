/**
 * A team store's connection: a `postgresql://` URL (host or socket directory, port, user,
 * database, TLS options) plus a password that never comes from the URL. A password written into
 * the URL would sit in shell history and in every local user's `ps`, so such a URL is refused and
 * the password is read from PGPASSWORD or a file, like libpq's own tools do.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import type pg from 'pg';
import { ApiError } from '../../../../shared/contract/errors';

export interface StoreConnection {
  config: pg.ClientConfig;
  /** For messages and logs: the URL without anything secret. */
  display: string;
}

const SSL_MODES = ['disable', 'require', 'verify-ca', 'verify-full'] as const;
type SslMode = (typeof SSL_MODES)[number];
const KNOWN_PARAMS = new Set(['host', 'port', 'user', 'dbname', 'sslmode', 'sslrootcert', 'application_name', 'connect_timeout']);

export function isStoreUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/**
 * Parses the URL; the password comes from `passwordFile` (first line) else PGPASSWORD, else none
 * (a socket with peer/trust auth, or a server that asks and is refused with a clear error).
 */
export function storeConnection(
  url: string,
  opts: {
    passwordFile?: string | undefined;
    env?: NodeJS.ProcessEnv;
    /** The password itself (a console's sealed one), before the file and PGPASSWORD. */
    password?: string | undefined;
    /** Where the URL came from, for errors: the CLI's --store (default) or a form's field. */
    source?: { label: string; field: string };
  } = {},
): StoreConnection {
  // Errors name the flag (CLI) or the form field (console) the URL came from.
  const source = opts.source ?? { label: '--store', field: 'store' };
  function bad(message: string): never {
    throw new ApiError('INVALID_INPUT', `${source.label}: ${message}`, { fields: { [source.field]: message } });
  }
  const env = opts.env ?? process.env;
  if (!isStoreUrl(url)) bad('expected a postgresql://… URL');
  // Parsed by hand: WHATWG URL refuses the socket form `postgresql://user@/db?host=/run/postgresql`.
  const m = /^postgres(?:ql)?:\/\/(?:([^@/?#]*)@)?(\[[^\]]*\]|[^/?#:]*)(?::(\d*))?(?:\/([^?#]*))?(?:\?([^#]*))?$/i.exec(url);
  if (!m) bad('not a valid postgresql:// URL');
  const [, userinfo = '', hostPart = '', urlPort = '', path = '', query = ''] = m!;
  const dec = (x: string): string => {
    try {
      return decodeURIComponent(x);
    } catch {
      return bad(`bad percent-encoding in ${x}`);
    }
  };
  const colon = userinfo.indexOf(':');
  if (colon >= 0)
    bad('the URL holds a password: give it in PGPASSWORD or --store-password-file (a password on the command line is visible to other users in ps)');
  const params = new URLSearchParams(query);
  for (const k of params.keys()) if (!KNOWN_PARAMS.has(k)) bad(`unknown parameter ${k} (known: ${[...KNOWN_PARAMS].join(', ')})`);
  const q = (k: string): string | undefined => params.get(k) ?? undefined;
  const host = q('host') ?? (hostPart ? dec(hostPart).replace(/^\[|\]$/g, '') : (env.PGHOST ?? '/var/run/postgresql'));
  const portText = q('port') ?? (urlPort || env.PGPORT || '5432');
  const port = Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65535) bad(`port ${portText} is not a port number`);
  const user = q('user') ?? (dec(userinfo) || env.PGUSER || userInfo().username);
  const database = q('dbname') ?? (dec(path) || env.PGDATABASE || user);
  const mode = (q('sslmode') ?? (host.startsWith('/') ? 'disable' : 'verify-full')) as SslMode;
  if (!SSL_MODES.includes(mode))
    bad(`sslmode ${mode} is not one of ${SSL_MODES.join(', ')} (prefer and allow are not offered: they fall back to plain text silently)`);
  const rootCert = q('sslrootcert');
  let ssl: pg.ClientConfig['ssl'] = false;
  if (mode !== 'disable') {
    let ca: string | undefined;
    if (rootCert) {
      try {
        ca = readFileSync(rootCert, 'utf8');
      } catch (e) {
        bad(`sslrootcert: cannot read ${rootCert} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
      }
    }
    // require: encrypted, server not checked; verify-ca: chain checked, any name; verify-full: chain and host name.
    ssl = {
      rejectUnauthorized: mode !== 'require',
      ...(ca ? { ca } : {}),
      ...(mode === 'verify-ca' ? { checkServerIdentity: () => undefined } : {}),
    };
  }
  let password: string | undefined;
  if (opts.password !== undefined) password = opts.password;
  else if (opts.passwordFile !== undefined) {
    let text: string;
    try {
      text = readFileSync(opts.passwordFile, 'utf8');
    } catch (e) {
      return bad(`--store-password-file: cannot read ${opts.passwordFile} (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
    }
    password = text.split(/\r?\n/)[0];
    if (!password) bad(`--store-password-file: ${opts.passwordFile} holds no password`);
  } else if (env.PGPASSWORD) password = env.PGPASSWORD;
  const connectTimeout = Number(q('connect_timeout') ?? 10);
  const config: pg.ClientConfig = {
    host,
    port,
    user,
    database,
    ssl,
    connectionTimeoutMillis: Math.max(1, connectTimeout) * 1000,
    ...(password !== undefined ? { password } : {}),
    ...(q('application_name') ? { application_name: q('application_name') } : {}),
  };
  const where = host.startsWith('/') ? `socket ${host}:${port}` : `${host}:${port}`;
  return { config, display: `postgresql://${user}@${where}/${database}` };
}

/**
 * The URL with the console form's TLS options written into it (sslmode, sslrootcert), so one
 * string says how to reach the store; an option the URL already sets differently is refused.
 */
export function withTlsOptions(url: string, tls: { sslMode?: string | undefined; caFile?: string | undefined }): string {
  const q = url.indexOf('?');
  const params = new URLSearchParams(q >= 0 ? url.slice(q + 1) : '');
  const set = (k: string, v: string | undefined, field: string): void => {
    if (v === undefined) return;
    const had = params.get(k);
    if (had !== null && had !== v)
      throw new ApiError('INVALID_INPUT', `the URL sets ${k}=${had}, the form ${v}: give it once`, { fields: { [field]: 'conflicts with the URL' } });
    params.set(k, v);
  };
  set('sslmode', tls.sslMode, 'sslMode');
  set('sslrootcert', tls.caFile, 'caFile');
  const query = params.toString();
  return (q >= 0 ? url.slice(0, q) : url) + (query ? `?${query}` : '');
}
