/**
 * zod is imported as a namespace (`import * as z from 'zod'`), never as `import { z }` (one object
 * holding all of zod): the command line's bundle then leaves out the zod it does not use (issue 13,
 * start fast; electron/cli/start-laziness.test.ts checks the bundle itself).
 */
import { describe, expect, it } from 'vitest';
import { plantedFixtures, ruleErrors, rulesFor } from './testing/lint-harness';

const planted = plantedFixtures('zod-namespace');

describe('zod as a namespace (no-restricted-syntax: zod-as-namespace)', () => {
  it('is on for services, shared code and the renderer', async () => {
    for (const path of ['electron/main/services/records/handlers.ts', 'shared/contract/records.ts', 'renderer/main.ts', 'emulator/options.ts'])
      expect(JSON.stringify((await rulesFor(path))['no-restricted-syntax'])).toContain('zod-as-namespace');
  });

  for (const p of planted) {
    it(`${p.fixture}: ${p.expected === 'nothing' ? 'passes' : `fails ${p.expected}`}`, async () => {
      expect(await ruleErrors(p.text, p.as, 'no-restricted-syntax')).toEqual(p.expected === 'nothing' ? [] : [p.expected]);
    });
  }
});
