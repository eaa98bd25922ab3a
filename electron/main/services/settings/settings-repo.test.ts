import { afterEach, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext } from '../core/create-context';
import { manualClock } from '../core/clock';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('table column settings', () => {
  it('survive a restart of the console (a new context over the same data folder)', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'onetap-settings-'));
    dirs.push(dataDir);
    const layout = { order: ['billable', 'phone', 'requestTime'], hidden: ['capability'], widths: { phone: 150 } };
    const first = createContext({ mode: 'cli', dataDir, clock: manualClock(0) });
    await dispatch(handlers, first, 'settings.set', { tables: { records: layout } });
    await dispatch(handlers, first, 'settings.set', { theme: 'dark' });
    first.consoleDb.close();

    const second = createContext({ mode: 'cli', dataDir, clock: manualClock(0) });
    const read = (await dispatch(handlers, second, 'settings.get', {})) as { tables: unknown; theme: string };
    second.consoleDb.close();
    expect(read.tables).toEqual({ records: layout });
    expect(read.theme).toBe('dark');
  });
});
