import { vi } from 'vitest';
import { main } from '../index';

export interface CliRun {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `onetap …` in this process (no spawn), capturing what it writes and its exit code. */
export async function onetap(...args: string[]): Promise<CliRun> {
  let stdout = '';
  let stderr = '';
  const out = vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stdout += String(chunk);
    return true;
  });
  const err = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
    stderr += String(chunk);
    return true;
  });
  try {
    return { code: await main(args), stdout, stderr };
  } finally {
    out.mockRestore();
    err.mockRestore();
  }
}
