import { describe, expect, it } from 'vitest';
import { allCodes, codeSourceIds, codeSources, type CodeEntry, type CodeSourceId } from './index';

// Row counts as printed in the seeds, after merging page-split tables and folding a code the
// seed prints twice in one table into one entry (001 §8.1 -20102, 002 §5 200023, 003 §4.2 ×4).
const expectedCounts: Record<CodeSourceId, number> = {
  'seed000-4.6.1': 30,
  'seed000-4.6.2': 31,
  'seed000-4.6.3': 39,
  'seed000-4.7': 3,
  'seed000-4.8': 15,
  'seed001-7.1': 8,
  'seed001-8.1': 22,
  'seed001-8.2.1': 41,
  'seed001-8.2.2': 33,
  'seed001-8.2.3': 44,
  'seed002-5': 50,
  'seed003-4.1': 18,
  'seed003-4.2': 113,
  'seed003-4.3': 12,
  'seed004-6.1': 46,
  'seed004-6.2': 113,
  'seed004-6.3': 12,
};

function entry(source: CodeSourceId, code: string): CodeEntry | undefined {
  return allCodes.find((e) => e.source === source && e.code === code);
}

describe('code catalogue', () => {
  it('has one table per source id, each with the seed row count', () => {
    expect(codeSources.map((s) => s.source)).toEqual([...codeSourceIds]);
    for (const s of codeSources) {
      const rows = allCodes.filter((e) => e.source === s.source);
      expect(rows.length, s.source).toBe(expectedCounts[s.source]);
      expect(s.count, s.source).toBe(rows.length);
    }
    expect(allCodes.length).toBe(Object.values(expectedCounts).reduce((a, b) => a + b, 0));
  });

  it('has no duplicate (source, code) pair', () => {
    const keys = allCodes.map((e) => `${e.source}\u0000${e.code}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives every entry the operator, kind and document of its table', () => {
    for (const e of allCodes) {
      const s = codeSources.find((x) => x.source === e.source);
      expect(s, e.source).toBeDefined();
      expect(e.operator).toBe(s?.operator);
      expect(e.kind).toBe(s?.kind);
      expect(e.document).toBe(s?.document);
      expect(e.code).toMatch(/^-?\d+$/);
      expect(e.meaning).toBe(e.meaning.trim());
      expect(e.meaning).not.toMatch(/\s{2}/);
      expect(e.meaning.length).toBeGreaterThan(0);
    }
  });

  it('assigns operators and kinds per document section', () => {
    const bySource = Object.fromEntries(codeSources.map((s) => [s.source, `${s.operator ?? '-'}/${s.kind}`]));
    expect(bySource).toMatchObject({
      'seed000-4.6.1': 'CMCC/carrier-sdk',
      'seed000-4.6.2': 'CUCC/carrier-sdk',
      'seed000-4.6.3': 'CTCC/carrier-sdk',
      'seed000-4.7': '-/sdk',
      'seed000-4.8': '-/server',
      'seed001-8.2.1': 'CMCC/carrier-sdk',
      'seed001-8.2.2': 'CTCC/carrier-sdk',
      'seed001-8.2.3': 'CUCC/carrier-sdk',
      'seed003-4.2': 'CMCC/gateway-login',
      'seed003-4.3': 'CMCC/gateway-verify',
      'seed004-6.3': 'CMCC/gateway-verify',
    });
  });

  it('transcribes known rows of every table faithfully', () => {
    const cases: [CodeSourceId, string, string][] = [
      ['seed000-4.6.1', '103911', 'token 请求过于频繁, 10 分钟内获取 token 且未使用的数量不能超过 30 个'],
      ['seed000-4.6.1', '1', 'SDK 内部错误'],
      ['seed000-4.6.1', '200089', 'SDK 正在处理'],
      ['seed000-4.6.2', '3005', '上网方式为 wifi, 无法取号'],
      ['seed000-4.6.2', '3011', '鉴权失败'],
      ['seed000-4.6.3', '80200', '用户关闭界面'],
      ['seed000-4.6.3', '80009', 'nodename nor servname provided, or not known'],
      ['seed000-4.7', '01000001', '未知的运营商类型'],
      ['seed000-4.8', '200', 'Success'],
      ['seed000-4.8', '10105', 'Token 校验失败'],
      ['seed000-4.8', '10304', '该应用一键登录能力资源包到期!'],
      ['seed000-4.8', '10500', '取号失败'],
      ['seed001-7.1', '40047', '一键认证取号失败'],
      ['seed001-8.1', '-20102', '重复调用预登录接口；重复调用取号接口'],
      ['seed001-8.1', '-50102', '一键登录服务接口网络异常。请检查网络可用性。'],
      ['seed001-8.2.1', '200063', '预登录不支持电信'],
      ['seed001-8.2.2', '-64', 'permission-denied(无权限访问)'],
      ['seed001-8.2.2', '-720002', '切换异常超时'],
      ['seed001-8.2.3', '3017', '移动网关取号错误'],
      ['seed002-5', '103000', '成功'],
      ['seed002-5', '200023', '请求超时'],
      ['seed002-5', '200087', '授权页成功调起'],
      ['seed003-4.1', '200009', 'Bundle ID与服务器填写的不一致'],
      ['seed003-4.2', '103000', '返回成功；通用SUCCESS'],
      ['seed003-4.2', '103810', '校验失败，接口token版本不一致；非新版本token，不予与校验'],
      ['seed003-4.2', '105019', '应用未授权'],
      ['seed003-4.3', '000', '是本机号码（纳入计费次数）'],
      ['seed003-4.3', '001', '非本机号码（纳入计费次数）'],
      ['seed003-4.3', '002', '取号失败'],
      ['seed003-4.3', '102315', '次数已用完'],
      ['seed004-6.1', '200042', '授权页弹出异常'],
      ['seed004-6.2', '103810', '校验失败，接口token版本不一致'],
      ['seed004-6.2', '103111', 'wap 网关IP错误'],
      ['seed004-6.3', '000', '是本机号码（纳入计费次数）'],
    ];
    for (const [source, code, meaning] of cases) expect(entry(source, code)?.meaning, `${source} ${code}`).toBe(meaning);
  });

  it('keeps a code in every table that lists it, each with its own meaning', () => {
    const twoHundred = allCodes.filter((e) => e.code === '200').map((e) => [e.source, e.meaning]);
    expect(twoHundred).toEqual([
      ['seed000-4.6.2', 'token 无效'],
      ['seed000-4.8', 'Success'],
      ['seed001-8.2.3', 'tokenId无效'],
    ]);
  });

  it('glosses the server codes, the verify codes and the carrier tables in English', () => {
    const glossed: CodeSourceId[] = ['seed000-4.6.1', 'seed000-4.6.2', 'seed000-4.6.3', 'seed000-4.8', 'seed003-4.3', 'seed004-6.3'];
    for (const e of allCodes.filter((x) => glossed.includes(x.source))) expect(e.meaningEn, `${e.source} ${e.code}`).toMatch(/\S/);
    expect(entry('seed000-4.8', '10105')?.meaningEn).toBe('Token validation failed');
    expect(entry('seed003-4.3', '000')?.meaningEn).toBe('Number matches (billed)');
  });

  it('is immutable', () => {
    const e = allCodes[0] as CodeEntry;
    expect(() => {
      (e as { meaning: string }).meaning = 'x';
    }).toThrow();
    expect(Object.isFrozen(allCodes)).toBe(true);
  });
});
