import type { Command } from 'commander';
import type { RecordsFilter } from '../../shared/contract/records-filter';

/** The Records filter as flags: `records search` and `export records` take exactly the same ones. */
export interface RecordsFilterFlags {
  app?: string;
  appName?: string;
  operator?: string;
  capability?: string;
  result?: string;
  code?: string;
  from?: string;
  to?: string;
}

const FILTER_KEYS = ['app', 'appName', 'operator', 'capability', 'result', 'code', 'from', 'to'] as const;

export function addRecordsFilterOptions(cmd: Command): Command {
  return cmd
    .option('--app <id>', 'app: internal id or issued appId')
    .option('--app-name <text>', 'app name contains this text')
    .option('--operator <op>', 'CMCC | CUCC | CTCC')
    .option('--capability <cap>', 'login | verify')
    .option('--result <result>', 'success | failure')
    .option('--code <code>', "failure code: a failed record's platform result code or carrier code")
    .option('--from <iso>', 'from this instant (a bare date = 00:00 Shanghai), inclusive')
    .option('--to <iso>', 'up to this instant (a bare date = 00:00 Shanghai), exclusive');
}

/** The flags that were given, as an (unvalidated) filter object: the contract schema validates it. */
export function filterFromFlags(flags: RecordsFilterFlags): Partial<Record<keyof RecordsFilter, string>> {
  return Object.fromEntries(FILTER_KEYS.filter((k) => flags[k] !== undefined).map((k) => [k, flags[k]]));
}
