import { describe, expect, it } from 'vitest';
import { allCodes, codeMeaning, describeFailure } from './index';

describe('describeFailure', () => {
  it('never doubles a carrier meaning that repeats the description', () => {
    const r = { resultCode: '10105', description: '移动取号失败', operator: 'CMCC' as const, carrierCode: '105002' };
    expect(describeFailure(r, 'zh-CN')).toBe('移动取号失败');
  });

  it('adds the carrier meaning in brackets when it says more', () => {
    const r = { resultCode: '10105', description: 'Token 校验失败', operator: 'CMCC' as const, carrierCode: '105002' };
    expect(describeFailure(r, 'zh-CN')).toBe('Token 校验失败（移动取号失败）');
    expect(describeFailure(r, 'en-US')).toBe('Token validation failed (China Mobile number retrieval failed)');
  });

  it('speaks English in English, falling back to the platform text only for unknown codes', () => {
    expect(describeFailure({ resultCode: '10105', description: 'Token 校验失败', operator: 'CUCC', carrierCode: null }, 'en-US')).toBe(
      'Token validation failed',
    );
    expect(describeFailure({ resultCode: 'X-UNKNOWN', description: '未知', operator: 'CUCC', carrierCode: null }, 'en-US')).toBe('未知');
  });
});

describe('the dictionary in both languages', () => {
  it('carries an English meaning for every code, and a Chinese one for every code shown in Chinese', () => {
    for (const e of allCodes) {
      expect(e.meaningEn, `${e.source} ${e.code}`).toMatch(/[A-Za-z]/);
      expect(e.meaningEn, `${e.source} ${e.code}`).not.toMatch(/[\u4e00-\u9fff]/);
      expect(codeMeaning(e, 'zh-CN'), `${e.source} ${e.code}`).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('keeps the seed text beside our Chinese where the seed printed English', () => {
    const ok = allCodes.find((e) => e.source === 'seed000-4.8' && e.code === '200')!;
    expect(ok.meaning).toBe('Success');
    expect(codeMeaning(ok, 'zh-CN')).toBe('成功');
    expect(codeMeaning(ok, 'en-US')).toBe('Success');
  });
});
