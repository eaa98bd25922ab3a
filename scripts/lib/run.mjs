// Child processes for the start/dev scripts: inherit the terminal, pass Ctrl-C on, and
// report the exit code.
import { spawn } from 'node:child_process';

/**
 * Runs a command to completion; rejects on a non-zero exit.
 * @param {string} cmd @param {string[]} args
 * @param {import('node:child_process').SpawnOptions & { onOutput?: (chunk: Buffer) => void }} [opts]
 */
export function run(cmd, args, opts = {}) {
  const { onOutput, ...spawnOpts } = opts;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', ...spawnOpts });
    forwardSignals(child);
    // With piped output, `onOutput` receives it (e.g. to keep a build log quiet unless it fails).
    child.stdout?.on('data', (c) => onOutput?.(c));
    child.stderr?.on('data', (c) => onOutput?.(c));
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (code === 0) resolve();
      else reject(new Error(`${[cmd, ...args].join(' ')} exited with ${signal ?? code}`));
    });
  });
}

/**
 * Starts a long-running child, forwards SIGINT/SIGTERM to it, and exits with its code.
 * @param {import('node:child_process').ChildProcess} child
 * @param {import('node:child_process').ChildProcess[]} [others] stopped too when it ends
 */
export function supervise(child, others = []) {
  const stopAll = (signal) => {
    for (const c of [child, ...others]) if (c.exitCode === null && c.signalCode === null) c.kill(signal);
  };
  process.on('SIGINT', () => stopAll('SIGINT'));
  process.on('SIGTERM', () => stopAll('SIGTERM'));
  child.on('exit', (code, signal) => {
    for (const c of others) if (c.exitCode === null && c.signalCode === null) c.kill('SIGTERM');
    process.exit(code ?? (signal ? 1 : 0));
  });
}

/**
 * Passes SIGINT/SIGTERM on to a child for as long as it runs. While a handler is installed Node
 * no longer exits on the signal itself, so the parent exits once the child has (see run/supervise).
 * @param {import('node:child_process').ChildProcess} child
 */
export function forwardSignals(child) {
  const forward = (signal) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  child.on('exit', () => {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
  });
}
