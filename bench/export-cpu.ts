/**
 * CPU time of the export benchmark's phases: the whole process (every thread: this one, the CSV
 * workers, libuv's pool, V8's helpers) and this thread alone (Linux /proc/thread-self, null
 * elsewhere). On a loaded machine the wall-clock rate says how busy the neighbours were; CPU time per
 * row says what the export costs, and the rate two free cores would give follows from it: the
 * export can go no faster than its busiest thread, nor than all its threads' CPU shared by the cores.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';

/** utime + stime of the calling thread, in ms (clock ticks of 10 ms); null where /proc is missing. */
function threadCpuMs(): number | null {
  try {
    // Fields after the command name "(…)": state is the 3rd, utime the 14th, stime the 15th.
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(f[11]) + Number(f[12])) * 10;
  } catch {
    return null;
  }
}

export interface CpuSpent {
  /** CPU ms of all threads. */
  totalMs: number;
  /** CPU ms of the calling (writer) thread, or null. */
  mainMs: number | null;
}

export function cpuClock(): () => CpuSpent {
  const u0 = process.cpuUsage();
  const m0 = threadCpuMs();
  return () => {
    const u = process.cpuUsage(u0);
    const m = threadCpuMs();
    return { totalMs: (u.user + u.system) / 1000, mainMs: m === null || m0 === null ? null : m - m0 };
  };
}

/** µs of CPU per row, all threads (and the writer thread's share). */
export function cpuPerRow(cpu: CpuSpent, rows: number): string {
  const us = (ms: number): string => ((ms * 1000) / rows).toFixed(2);
  return `${us(cpu.totalMs)} µs/row CPU${cpu.mainMs === null ? '' : ` (writer thread ${us(cpu.mainMs)})`}`;
}

/**
 * The rate the CPU spent allows on idle cores: all threads' CPU shared by `cores`, and never
 * faster than the writer thread alone (the workers' share splits between them).
 */
export function cpuBoundRate(cpu: CpuSpent, rows: number, cores = availableParallelism()): number {
  const ms = Math.max(cpu.totalMs / cores, cpu.mainMs ?? 0);
  return rows / (ms / 1000);
}
