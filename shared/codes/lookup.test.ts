import { describe, expect, it } from 'vitest';
import { findCodes, lookupCarrierCode, lookupCode, lookupResultCode, recordLookupOptions } from './index';

describe('lookupCode', () => {
  it('decodes a record resultCode as a platform server code first', () => {
    expect(lookupResultCode('200')).toMatchObject({ source: 'seed000-4.8', meaning: 'Success' });
    expect(lookupResultCode('10105')).toMatchObject({ source: 'seed000-4.8', meaning: 'Token 校验失败' });
    expect(lookupResultCode('10106')?.meaningEn).toBe('Token already used');
  });

  it('decodes verify results and gateway token errors for any operator', () => {
    expect(lookupResultCode('000')).toMatchObject({ kind: 'gateway-verify', source: 'seed003-4.3' });
    expect(lookupResultCode('001')?.meaning).toBe('非本机号码（纳入计费次数）');
    expect(lookupResultCode('002')?.meaning).toBe('取号失败');
    expect(lookupResultCode('104201')).toMatchObject({ kind: 'gateway-login', meaning: '凭证已失效或不存在' });
  });

  it("prefers the record operator's carrier table for carrierCode", () => {
    expect(lookupCarrierCode('200', 'CUCC')).toMatchObject({ source: 'seed000-4.6.2', meaning: 'token 无效' });
    expect(lookupCarrierCode('103911', 'CMCC')).toMatchObject({ source: 'seed000-4.6.1', operator: 'CMCC' });
    expect(lookupCarrierCode('80200', 'CTCC')).toMatchObject({ source: 'seed000-4.6.3', meaning: '用户关闭界面' });
    expect(lookupCarrierCode('-10001', 'CTCC')).toMatchObject({ source: 'seed001-8.2.2', meaning: '取号失败' });
    // 3008 only exists in the later Unicom table (seed 001 §8.2.3).
    expect(lookupCarrierCode('3008', 'CUCC')).toMatchObject({ source: 'seed001-8.2.3' });
  });

  it("never answers with another operator's table when the operator is known", () => {
    expect(lookupCarrierCode('3005', 'CMCC')).toBeNull();
    expect(lookupCarrierCode('3005', 'CUCC')?.operator).toBe('CUCC');
    expect(findCodes('200', { operator: 'CTCC' }).map((e) => e.source)).toEqual(['seed000-4.8']);
  });

  it('ranks by preferKinds, then operator match, then document order', () => {
    expect(lookupCode('200')?.kind).toBe('server');
    expect(lookupCode('200', { preferKinds: ['carrier-sdk'] })?.source).toBe('seed000-4.6.2');
    const order = findCodes('103911', { operator: 'CMCC', preferKinds: ['gateway-login', 'carrier-sdk'] }).map((e) => e.source);
    expect(order).toEqual(['seed003-4.2', 'seed004-6.2', 'seed000-4.6.1', 'seed001-8.2.1', 'seed002-5', 'seed003-4.1']);
  });

  it('trims the code and returns null for unknown codes', () => {
    expect(lookupCode(' 10105 ')?.code).toBe('10105');
    expect(lookupCode('99999999')).toBeNull();
    expect(lookupCode('')).toBeNull();
    expect(findCodes('99999999')).toEqual([]);
  });

  it('builds record lookup options per field', () => {
    expect(recordLookupOptions('resultCode', 'CTCC').operator).toBeNull();
    expect(recordLookupOptions('carrierCode', 'CTCC').operator).toBe('CTCC');
    expect(recordLookupOptions('carrierCode').preferKinds?.[0]).toBe('carrier-sdk');
  });
});
