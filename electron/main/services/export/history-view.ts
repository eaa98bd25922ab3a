/** `export.history`: a page of the history with each row's problems, and the whole chain's verdict. */
import type { ExportHistoryOutput } from '../../../../shared/contract/export';
import type { SecretStore } from '../core/secrets';
import type { Db } from '../db/open';
import { checkChain } from './chain-check';
import { historyRepo } from './history-repo';
import { parseManifest } from './manifest';
import { keySet, type PlatformSecret } from './signing-keys';

export interface HistoryEnv {
  db: Db;
  secrets: SecretStore;
  platformSecret: PlatformSecret | null;
  now: number;
}

/** `offset` (jump to a page) steps over that many of the newest rows; it applies only without `beforeSeq`. */
export function historyPage(env: HistoryEnv, limit: number, beforeSeq: number | null, offset = 0): ExportHistoryOutput {
  const { db } = env;
  // One read transaction: the page and the chain verdict describe the same history.
  return db.transaction(() => {
    const chainId = historyRepo(db).existingChainId();
    const keys = chainId ? keySet({ db, secrets: env.secrets, chainId, platformSecret: env.platformSecret, now: env.now, create: false }) : null;
    const report = checkChain(db, chainId, keys);
    const page = historyRepo(db).page(limit, beforeSeq, offset);
    const last = page[page.length - 1];
    const older = last && page.length === limit ? historyRepo(db).page(1, last.seq).length > 0 : false;
    return {
      items: page.map((row) => {
        const checked = report.rows.get(row.seq);
        const parsed = parseManifest(row.manifest);
        return {
          seq: row.seq,
          exportId: row.export_id,
          createdAt: row.created_at,
          filePath: row.file_path,
          manifestHash: row.manifest_hash,
          prevHash: row.prev_hash,
          manifest: parsed.ok ? parsed.manifest : null,
          problems: checked?.problems ?? [],
        };
      }),
      total: historyRepo(db).count(),
      next: older && last ? last.seq : null,
      chain: { ok: report.intact, problems: report.problems },
    };
  })();
}
