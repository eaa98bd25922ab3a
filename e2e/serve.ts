/**
 * Starts `node bin/onetap.mjs serve --port 0 --data-dir <tmp>` as a child process and waits
 * for its ready object on stdout (`{ "event": "ready", "url", "token" }`).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface ServeHandle {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** The address to open, with the token in the fragment. */
  url: string;
  token: string;
  dataDir: string;
  /** The host's process id (benchmarks read its CPU time). */
  pid: number;
  stop(): Promise<void>;
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const READY_TIMEOUT_MS = 60_000;

interface ReadyEvent {
  event: 'ready';
  url: string;
  token: string;
}

function isReady(v: unknown): v is ReadyEvent {
  const r = v as Partial<ReadyEvent> | null;
  return !!r && r.event === 'ready' && typeof r.url === 'string' && typeof r.token === 'string';
}

/**
 * The ready object may be printed on one line or pretty-printed over several: try every
 * top-level `{` … `}` span seen so far.
 */
export function findReadyEvent(out: string): ReadyEvent | null {
  for (let start = out.indexOf('{'); start >= 0; start = out.indexOf('{', start + 1)) {
    for (let end = out.indexOf('}', start); end >= 0; end = out.indexOf('}', end + 1)) {
      try {
        const v: unknown = JSON.parse(out.slice(start, end + 1));
        if (isReady(v)) return v;
      } catch {
        // not a complete object yet
      }
    }
  }
  return null;
}

function waitForExit(child: ChildProcess, ms: number): Promise<boolean> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(true);
  return new Promise((done) => {
    const timer = setTimeout(() => done(false), ms);
    child.once('exit', () => {
      clearTimeout(timer);
      done(true);
    });
  });
}

/** `root`: the checkout whose built host to start (a benchmark's same-run baseline may be another one). */
export async function startServe(extraArgs: string[] = [], root: string = REPO_ROOT): Promise<ServeHandle> {
  const dataDir = mkdtempSync(join(tmpdir(), 'onetap-e2e-'));
  const child = spawn(process.execPath, ['bin/onetap.mjs', 'serve', '--port', '0', '--data-dir', dataDir, ...extraArgs], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, NO_COLOR: '1', ONETAP_CHECK_OUTPUTS: '1' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => (stderr += c));

  const cleanup = async (): Promise<void> => {
    if (!(await waitForExit(child, 0))) {
      child.kill('SIGTERM');
      if (!(await waitForExit(child, 5_000))) {
        child.kill('SIGKILL');
        await waitForExit(child, 5_000);
      }
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const ready = await new Promise<ReadyEvent>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`onetap serve was not ready within ${READY_TIMEOUT_MS} ms\n${stderr}`)), READY_TIMEOUT_MS);
      child.stdout!.on('data', (c: string) => {
        stdout += c;
        const r = findReadyEvent(stdout);
        if (r) {
          clearTimeout(timer);
          resolve(r);
        }
      });
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`onetap serve exited (${code ?? signal}) before it was ready:\n${stderr || stdout}`));
      });
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
    });
    return { origin: new URL(ready.url).origin, url: ready.url, token: ready.token, dataDir, pid: child.pid!, stop: cleanup };
  } catch (e) {
    await cleanup();
    throw e;
  }
}
