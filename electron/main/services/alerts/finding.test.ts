/**
 * finding.ts's appLabel is made once per apps list and id (a page that opens a hundred episodes
 * labels each): a list read after a rename labels by the new name, and the first of a repeated id
 * wins, as a search of the list would find it.
 */
import { expect, it } from 'vitest';
import type { AppRow } from '../records/app-directory';
import { appLabel } from './finding';

const app = (id: string, appId: string | null, name: string): AppRow => ({ id, appId, name, platform: 'android', status: 'approved' });

it('labels an app by the list it is given, the first of a repeated id, and an unknown id as itself', () => {
  const before = [app('app_1', 'A1', 'Shop'), app('app_2', null, 'Maps'), app('app_1', 'A9', 'Other')];
  expect(appLabel(before, 'app_1')).toBe('Shop (A1)');
  expect(appLabel(before, 'app_1')).toBe('Shop (A1)');
  expect(appLabel(before, 'app_2')).toBe('Maps (app_2)');
  expect(appLabel(before, 'app_3')).toBe('app_3');
  // The next evaluation reads the apps again: a renamed app is labelled anew.
  const after = [app('app_1', 'A1', 'Shop Pro'), app('app_2', null, 'Maps')];
  expect(appLabel(after, 'app_1')).toBe('Shop Pro (A1)');
  expect(appLabel(before, 'app_1')).toBe('Shop (A1)');
});
