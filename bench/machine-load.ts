/** The machine's load averages as the benchmarks print them beside a figure ("load 1.23 0.98 0.76"): a figure is read against it. */
import { loadavg } from 'node:os';

export const machineLoad = (): string =>
  `load ${loadavg()
    .map((x) => x.toFixed(2))
    .join(' ')}`;
