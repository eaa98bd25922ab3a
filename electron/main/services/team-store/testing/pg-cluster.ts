/**
 * A throwaway PostgreSQL cluster for tests and benchmarks: Debian's server binaries, initdb into a
 * temp dir, the server listening only on a Unix socket in that dir (no TCP, no system service),
 * stopped and deleted by `stop()`. As root (CI containers) the server runs as the `postgres` user,
 * since PostgreSQL refuses to run as root.
 *
 * Missing binaries are an error with the fix in it, never a skipped test: `.ci/run` installs them.
 */
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';

export interface PgCluster {
  /** The socket directory: the `host` of a connection (libpq treats a path as a socket dir). */
  socketDir: string;
  port: number;
  /** The superuser (trusted on the socket; every other role needs its password). */
  superuser: string;
  /** A postgresql:// URL for `database` as `user` over the socket (no password in it). */
  url(database?: string, user?: string): string;
  /** Stops the server at once and deletes its files. */
  stop(): void;
}

/** Debian installs each major under /usr/lib/postgresql/<major>/bin; PG_BIN overrides. */
export function findPgBin(env: NodeJS.ProcessEnv = process.env): string {
  if (env.PG_BIN) {
    if (!existsSync(join(env.PG_BIN, 'initdb'))) throw new Error(`PG_BIN=${env.PG_BIN} has no initdb`);
    return env.PG_BIN;
  }
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((d) => /^\d+$/.test(d) && existsSync(join(root, d, 'bin', 'initdb'))) : [];
  if (majors.length === 0) {
    throw new Error(
      'PostgreSQL server binaries not found (looked in /usr/lib/postgresql/*/bin and PG_BIN). ' +
        "Install Debian's postgresql package (apt-get install postgresql; .ci/run does this) — the team-store tests need a real server.",
    );
  }
  const newest = majors.map(Number).sort((a, b) => b - a)[0]!;
  return join(root, String(newest), 'bin');
}

let nextPort = 0;

export function startPgCluster(opts: { bin?: string } = {}): PgCluster {
  const bin = opts.bin ?? findPgBin();
  const asRoot = userInfo().uid === 0;
  const dir = mkdtempSync(join(tmpdir(), 'onetap-pg-'));
  const data = join(dir, 'data');
  // The socket's port number only names the socket file; spread it so parallel clusters never share a name.
  const port = 20000 + ((process.pid * 7 + nextPort++) % 20000);
  const run = (cmd: string, args: string[]): string => {
    const full = join(bin, cmd);
    return asRoot
      ? execFileSync('runuser', ['-u', 'postgres', '--', full, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] })
      : execFileSync(full, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  };
  if (asRoot) {
    const pw = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
    chownSync(dir, Number(pw), Number(gid));
  }
  const superuser = 'postgres';
  try {
    run('initdb', ['-D', data, '-U', superuser, '-E', 'UTF8', '--locale=C', '--no-sync', '--auth-local=trust', '--auth-host=reject']);
    // The superuser is trusted on the socket (setup); every other role logs in with its password, as on a team's server.
    writeFileSync(join(data, 'pg_hba.conf'), `local all ${superuser} trust\nlocal all all scram-sha-256\n`);
    if (asRoot) execFileSync('chown', ['postgres:postgres', join(data, 'pg_hba.conf')]);
    const opts = [`-c listen_addresses=''`, `-k ${dir}`, `-p ${port}`, '-c fsync=off', '-c synchronous_commit=off', '-c full_page_writes=off'].join(' ');
    run('pg_ctl', ['-D', data, '-o', opts, '-l', join(dir, 'server.log'), '-w', '-t', '60', 'start']);
  } catch (e) {
    const err = e as { stderr?: string; message: string };
    rmSync(dir, { recursive: true, force: true });
    throw new Error(`could not start a throwaway PostgreSQL cluster: ${err.stderr || err.message}`);
  }
  let stopped = false;
  return {
    socketDir: dir,
    port,
    superuser,
    url: (database = 'postgres', user = superuser) =>
      `postgresql://${encodeURIComponent(user)}@/${encodeURIComponent(database)}?host=${encodeURIComponent(dir)}&port=${port}`,
    stop() {
      if (stopped) return;
      stopped = true;
      try {
        run('pg_ctl', ['-D', data, '-m', 'immediate', '-w', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
