import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch } from '../core/dispatch';
import { handlers } from '../handlers';
import { createTestContext, type TestContext } from '../testing/context';
import { calls } from '../../../../shared/contract';
import { allCodes, codeSources } from '../../../../shared/codes';
import { rejection } from '../testing/rejection';

let t: TestContext;
beforeEach(() => {
  t = createTestContext();
});
afterEach(() => t.cleanup());

const call = (name: string, input: unknown) => dispatch(handlers, t.ctx, name, input);

describe('codes.search', () => {
  it('returns the first page with the total and every table', async () => {
    const out = calls['codes.search'].output.parse(await call('codes.search', {}));
    expect(out.total).toBe(allCodes.length);
    expect(out.items).toHaveLength(50);
    expect(out.sources.map((s) => s.source)).toEqual(codeSources.map((s) => s.source));
  });

  it('filters by q, operator and kind and pages', async () => {
    const out = calls['codes.search'].output.parse(await call('codes.search', { q: '3005', operator: 'CUCC', kind: 'carrier-sdk' }));
    expect(out.items).toEqual([
      expect.objectContaining({ source: 'seed000-4.6.2', code: '3005', meaning: '上网方式为 wifi, 无法取号' }),
      expect.objectContaining({ source: 'seed001-8.2.3', code: '3005' }),
    ]);
    const page = calls['codes.search'].output.parse(await call('codes.search', { q: '取号失败', limit: 2, offset: 2 }));
    expect(page.items).toHaveLength(2);
    expect(page.total).toBeGreaterThan(4);
  });

  it('orders exact matches by the record field and operator the code was read from', async () => {
    const out = calls['codes.search'].output.parse(await call('codes.search', { q: '302', prefer: { field: 'carrierCode', operator: 'CMCC' } }));
    expect(out.items[0]).toMatchObject({ code: '302', operator: 'CMCC', meaning: 'sign校验失败' });
    const e = await rejection(call('codes.search', { q: '302', prefer: { field: 'carrierCode', extra: 1 } }));
    expect(e.code).toBe('INVALID_INPUT');
  });

  it.each([
    [{ limit: 0 }, 'limit'],
    [{ limit: 501 }, 'limit'],
    [{ limit: 1.5 }, 'limit'],
    [{ offset: -1 }, 'offset'],
    [{ operator: 'CMCCX' }, 'operator'],
    [{ kind: 'nope' }, 'kind'],
    [{ source: 'seed009-1' }, 'source'],
    [{ q: 42 }, 'q'],
    [{ q: 'x'.repeat(201) }, 'q'],
    [{ q: '302', prefer: { field: 'phone' } }, 'prefer.field'],
    [{ q: '302', prefer: { operator: 'CMCCX' } }, 'prefer.operator'],
  ])('refuses %j with INVALID_INPUT naming %s', async (input, field) => {
    const e = await rejection(call('codes.search', input));
    expect(e.code).toBe('INVALID_INPUT');
    expect(e.fields).toHaveProperty(field);
  });

  it('refuses unknown keys', async () => {
    const e = await rejection(call('codes.search', { q: '1', page: 2 }));
    expect(e.code).toBe('INVALID_INPUT');
  });
});

describe('codes.lookup', () => {
  it('decodes a resultCode and a carrierCode in context', async () => {
    const result = calls['codes.lookup'].output.parse(await call('codes.lookup', { code: '200', field: 'resultCode', operator: 'CUCC' }));
    expect(result.best).toMatchObject({ source: 'seed000-4.8', meaning: 'Success' });
    const carrier = calls['codes.lookup'].output.parse(await call('codes.lookup', { code: '200', field: 'carrierCode', operator: 'CUCC' }));
    expect(carrier.best).toMatchObject({ source: 'seed000-4.6.2', meaning: 'token 无效' });
    expect(carrier.matches.map((e) => e.source)).toEqual(['seed000-4.6.2', 'seed001-8.2.3', 'seed000-4.8']);
  });

  it('returns null for an unknown code', async () => {
    expect(await call('codes.lookup', { code: '424242' })).toEqual({ best: null, matches: [] });
  });

  it('refuses a missing or empty code', async () => {
    expect((await rejection(call('codes.lookup', {}))).code).toBe('INVALID_INPUT');
    expect((await rejection(call('codes.lookup', { code: '  ' }))).code).toBe('INVALID_INPUT');
    expect((await rejection(call('codes.lookup', { code: '1', field: 'x' }))).code).toBe('INVALID_INPUT');
  });
});
