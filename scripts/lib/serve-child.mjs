// Starts `onetap serve` (the browser-mode door) as a child and resolves with its ready line
// ({"event":"ready","url":…,"token":…}); the child's other output passes through.
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { forwardSignals } from './run.mjs';

/**
 * @param {string} root
 * @param {string[]} args extra `onetap serve` arguments
 * @returns {Promise<{ child: import('node:child_process').ChildProcess, url: string, token: string, reused: boolean }>}
 */
export function startServe(root, args) {
  const child = spawn(process.execPath, [join(root, 'bin', 'onetap.mjs'), 'serve', ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // Stop the server on Ctrl-C / SIGTERM from the moment it is spawned, not only once it is
  // ready: a signal during its start-up used to leave it running without a parent.
  forwardSignals(child);
  return new Promise((resolve, reject) => {
    let ready = false;
    // The ready message is JSON, compact or pretty-printed over several lines.
    let block = null;
    const take = (text) => {
      try {
        const msg = JSON.parse(text);
        if (!ready && msg && msg.event === 'ready' && typeof msg.url === 'string') {
          ready = true;
          resolve({ child, url: msg.url, token: String(msg.token ?? ''), reused: msg.reused === true });
          return true;
        }
      } catch {
        // not JSON after all
      }
      return false;
    };
    createInterface({ input: child.stdout }).on('line', (line) => {
      if (block !== null) {
        block.push(line);
        if (line === '}') {
          const text = block.join('\n');
          block = null;
          if (!take(text)) console.log(text);
        }
        return;
      }
      if (line === '{') {
        block = [line];
        return;
      }
      if (line.startsWith('{') && take(line)) return;
      console.log(line);
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (!ready) reject(new Error(`onetap serve exited with ${signal ?? code} before it was ready`));
    });
  });
}
