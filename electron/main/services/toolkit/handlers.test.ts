import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { calls } from '../../../../shared/contract';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';
import { createTestContext, type TestContext } from '../testing/context';
import { rejection } from '../testing/rejection';

const fixtures = join(__dirname, 'testing', 'fixtures');
let t: TestContext;
beforeEach(() => {
  t = createTestContext();
});
afterEach(() => t.cleanup());

const call = (input: unknown) => dispatch(handlers, t.ctx, 'toolkit.inspect', input);

describe('toolkit.inspect through dispatch', () => {
  it('reads a build given by path and by content alike', async () => {
    const byPath = calls['toolkit.inspect'].output.parse(await call({ path: join(fixtures, 'v1v2v3.apk') }));
    const byContent = await call({ content: readFileSync(join(fixtures, 'v1v2v3.apk')).toString('base64') });
    expect(byContent).toEqual(byPath);
    expect(byPath.packageName).toBe('com.onetap.fixture.all');
  });

  it('a hostile file is VALIDATION_FAILED with the reason, and nothing else', async () => {
    const e = await rejection(call({ content: Buffer.from('definitely not a zip').toString('base64') }));
    expect(e.code).toBe('VALIDATION_FAILED');
    expect(e.detail).toEqual({ reason: 'not-zip' });
  });

  it('wants exactly one of path and content', async () => {
    expect((await rejection(call({}))).code).toBe('INVALID_INPUT');
    expect((await rejection(call({ path: '/x', content: 'AA==' }))).code).toBe('INVALID_INPUT');
  });

  it('a missing path is NOT_FOUND', async () => {
    expect((await rejection(call({ path: join(fixtures, 'missing.apk') }))).code).toBe('NOT_FOUND');
  });
});
