/**
 * For the crash tests (testing/crash-child.ts): a process that kills itself (SIGKILL) while it inserts a
 * record beyond the first page of a transaction, i.e. inside a commit of several pages. A TEMP
 * trigger of this connection only calls back into this process for each inserted record; the
 * store's file is left as the sync's own writes make it.
 */
import { writeSync } from 'node:fs';
import type { Db } from '../../db/open';

/** The records cursor committed so far (where the current transaction starts). */
export function recordsCursor(db: Db): number {
  return Number(db.prepare("SELECT cursor FROM sync_state WHERE resource = 'records'").pluck().get() ?? 0);
}

/**
 * Arms the kill: at the first record at or after seq `at` that lies more than a page past the
 * committed cursor (`committed()`, kept by the caller from the sync's progress), a line
 * "killing inside a group: cursor C, seq S" goes to stdout and the process is killed.
 */
export function killInsideGroup(db: Db, at: number, pageSize: number, committed: () => number): void {
  db.function('crash_probe', { deterministic: false }, (seq) => {
    const s = Number(seq);
    if (s >= at && s > committed() + pageSize) {
      writeSync(1, `killing inside a group: cursor ${committed()}, seq ${s}\n`);
      process.kill(process.pid, 'SIGKILL');
    }
    return null;
  });
  db.exec('CREATE TEMP TRIGGER crash_in_group AFTER INSERT ON main.auth_record_rows BEGIN SELECT crash_probe(NEW.seq); END');
}
