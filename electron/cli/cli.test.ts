import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const bin = fileURLToPath(new URL('../../bin/onetap.mjs', import.meta.url));
function onetap(...args: string[]) {
  return spawnSync(process.execPath, [bin, ...args], { encoding: 'utf8', timeout: 60_000 });
}

describe('onetap CLI door', () => {
  it('--help lists the commands and exits 0', () => {
    const r = onetap('--help');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/serve/);
  });

  it('an unknown command is a usage error (exit 2)', () => {
    const r = onetap('no-such-command');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/unknown command/);
  });

  it('a malformed flag is a usage error (exit 2) with a message naming the flag', () => {
    const r = onetap('serve', '--port', 'eighty', '--api-only');
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--port/);
  });
});
