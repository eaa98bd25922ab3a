import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../shared/contract';
import { handlers } from '../handlers';
import { createTestContext, type TestContext } from '../testing/context';
import { checkOutputs, dispatch, parseCallInput, type Handlers } from './dispatch';

let t: TestContext | null = null;
afterEach(() => {
  t?.cleanup();
  t = null;
  checkOutputs(true);
});

async function failure(p: Promise<unknown>): Promise<ApiError> {
  const e: unknown = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ApiError);
  return e as ApiError;
}

describe('dispatch', () => {
  it('answers through the handler when the output matches the contract', async () => {
    t = createTestContext();
    await expect(dispatch(handlers, t.ctx, 'app.info', {})).resolves.toMatchObject({ name: 'onetap-console', mode: 'cli' });
  });

  it('under test, a handler whose output drifts from the contract fails with INTERNAL naming the field', async () => {
    t = createTestContext();
    // A planted wrong output: version must be a string.
    const drifted = {
      ...handlers,
      'app.info': async (...args: Parameters<Handlers['app.info']>) => ({ ...(await handlers['app.info'](...args)), version: 42 }),
    } as unknown as Handlers;
    const e = await failure(dispatch(drifted, t.ctx, 'app.info', {}));
    expect(e.code).toBe('INTERNAL');
    expect(e.message).toMatch(/output of app\.info does not match the contract/);
    expect(e.fields).toHaveProperty('version');
    // The check is what failed it: without it the same answer goes through.
    checkOutputs(false);
    await expect(dispatch(drifted, t.ctx, 'app.info', {})).resolves.toMatchObject({ version: 42 });
  });

  it('refuses unknown calls and invalid input before any handler runs', async () => {
    t = createTestContext();
    expect((await failure(dispatch(handlers, t.ctx, 'no.such', {}))).code).toBe('UNKNOWN_CALL');
    const e = await failure(dispatch(handlers, t.ctx, 'records.search', { limit: 0, operator: 'CMXX' }));
    expect(e.code).toBe('INVALID_INPUT');
    expect(Object.keys(e.fields ?? {}).sort()).toEqual(['limit', 'operator']);
    await expect(parseCallInput('billing.month', { month: '2025-3' })).rejects.toThrow(/month/);
    await expect(parseCallInput('billing.quote', { calls: 5 })).resolves.toEqual({ calls: 5, packageRemaining: 0 });
  });
});
