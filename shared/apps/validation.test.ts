import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { formatIssue, issuesToFields } from './messages';
import { ipEntryKind, ipEntryProblem, isIPv6, splitIpList } from './ip';
import { validationMessages } from './messages';
import { parseRsaPublicKeyPem } from './pem';
import { LOGO_MAX_BYTES } from './logo';
import {
  appCreateBodySchema,
  fieldIssuesFromZod,
  nameKey,
  normalizeOrigin,
  normalizePackageSignature,
  validateAppCreate,
  validateAppPatch,
  type AppDraftInput,
} from './validation';

const rsa2048 = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
const SPKI = rsa2048.export({ type: 'spki', format: 'pem' }).toString();
const PKCS1 = rsa2048.export({ type: 'pkcs1', format: 'pem' }).toString();
const EC = generateKeyPairSync('ec', { namedCurve: 'P-256' }).publicKey.export({ type: 'spki', format: 'pem' }).toString();
const RSA512 = generateKeyPairSync('rsa', { modulusLength: 512 }).publicKey.export({ type: 'spki', format: 'pem' }).toString();

const PNG = 'data:image/png;base64,' + Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]).toString('base64');
const JPEG = 'data:image/jpeg;base64,' + Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46]).toString('base64');
const GIF = 'data:image/png;base64,' + Buffer.from('GIF89a\0\0\0\0\0\0').toString('base64');

const android: AppDraftInput = {
  name: '  示例商城  ',
  platform: 'android',
  packageName: 'com.example.shop',
  packageSignature: 'ab:cd:ef:01:23:45:67:89:ab:cd:ef:01:23:45:67:89',
  ipWhitelist: ['10.0.0.1', '2001:db8::/32'],
  rsaPublicKey: SPKI,
  capabilities: ['login', 'verify'],
};
const ios: AppDraftInput = { name: 'Shop iOS', platform: 'ios', bundleId: 'com.example.shop-ios', ipWhitelist: ['1.2.3.4'], encryption: 'MD5' };
const h5: AppDraftInput = {
  name: 'Shop H5',
  platform: 'h5',
  origins: ['HTTPS://WWW.Example.com:443/', 'http://m.example.com:8080'],
  ipWhitelist: ['1.2.3.0/24'],
  rsaPublicKey: PKCS1,
};

function issuesOf(d: AppDraftInput, opts = {}): Record<string, string> {
  const r = validateAppCreate(d, opts);
  if (r.ok) return {};
  return Object.fromEntries(r.issues.map((i) => [i.field, i.code]));
}

describe('validateAppCreate', () => {
  it('accepts and normalises an Android draft', () => {
    const r = validateAppCreate(android);
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.name).toBe('示例商城');
    expect(r.value.packageSignature).toBe('ABCDEF0123456789ABCDEF0123456789');
    expect(r.value.bundleId).toBeNull();
    expect(r.value.origins).toEqual([]);
    expect(r.value.encryption).toBe('RSA');
  });
  it('accepts iOS with MD5 and no key, and H5 with canonical origins', () => {
    const a = validateAppCreate(ios);
    expect(a.ok && a.value.rsaPublicKey).toBeNull();
    const b = validateAppCreate(h5);
    expect(b.ok && b.value.origins).toEqual(['https://www.example.com', 'http://m.example.com:8080']);
  });
  it('reports each field problem with its code', () => {
    expect(issuesOf({ ...android, name: '   ' })).toEqual({ name: 'required' });
    expect(issuesOf({ ...android, name: 'x'.repeat(51) })).toEqual({ name: 'tooLong' });
    expect(issuesOf({ ...android, name: 'a\u0007b' })).toEqual({ name: 'invalidChars' });
    expect(issuesOf(android, { isNameTaken: (n: string) => nameKey(n) === nameKey('示例商城') })).toEqual({ name: 'nameTaken' });
    expect(issuesOf({ ...android, packageName: 'shop' })).toEqual({ packageName: 'packageName' });
    expect(issuesOf({ ...android, packageName: 'com.1example.app' })).toEqual({ packageName: 'packageName' });
    expect(issuesOf({ ...android, packageName: null })).toEqual({ packageName: 'required' });
    expect(issuesOf({ ...android, packageSignature: 'abc' })).toEqual({ packageSignature: 'packageSignature' });
    expect(issuesOf({ ...android, packageSignature: 'g'.repeat(32) })).toEqual({ packageSignature: 'packageSignature' });
    expect(issuesOf({ ...android, bundleId: 'com.x' })).toEqual({ bundleId: 'notApplicable' });
    expect(issuesOf({ ...ios, bundleId: 'nodots' })).toEqual({ bundleId: 'bundleId' });
    expect(issuesOf({ ...ios, bundleId: 'com.ex_ample' })).toEqual({ bundleId: 'bundleId' });
    expect(issuesOf({ ...h5, origins: ['ftp://x.com'] })).toEqual({ origins: 'origin' });
    expect(issuesOf({ ...h5, origins: ['https://x.com/path'] })).toEqual({ origins: 'origin' });
    expect(issuesOf({ ...h5, origins: [] })).toEqual({ origins: 'required' });
    expect(issuesOf({ ...android, ipWhitelist: ['10.0.0.256'] })).toEqual({ ipWhitelist: 'ipEntry' });
    expect(issuesOf({ ...android, ipWhitelist: ['10.0.0.0/33'] })).toEqual({ ipWhitelist: 'ipPrefix' });
    expect(issuesOf({ ...android, ipWhitelist: [] })).toEqual({ ipWhitelist: 'required' });
    const many = Array.from({ length: 400 }, (_, i) => `10.${Math.floor(i / 250)}.${i % 250}.100`);
    expect(issuesOf({ ...android, ipWhitelist: many })).toEqual({ ipWhitelist: 'ipTotal' });
    expect(issuesOf({ ...android, rsaPublicKey: null })).toEqual({ rsaPublicKey: 'rsaRequired' });
    expect(issuesOf({ ...android, rsaPublicKey: 'hello' })).toEqual({ rsaPublicKey: 'rsaNotPem' });
    expect(issuesOf({ ...android, rsaPublicKey: EC })).toEqual({ rsaPublicKey: 'rsaNotRsa' });
    expect(issuesOf({ ...android, rsaPublicKey: RSA512 })).toEqual({ rsaPublicKey: 'rsaTooShort' });
    expect(issuesOf({ ...android, logo: GIF })).toEqual({ logo: 'logoType' });
    expect(issuesOf({ ...android, logo: 'data:image/gif;base64,R0lGODlh' })).toEqual({ logo: 'logoType' });
    expect(issuesOf({ ...android, logo: 'not a data url' })).toEqual({ logo: 'logoFormat' });
    const big =
      'data:image/png;base64,' +
      Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(LOGO_MAX_BYTES)]).toString('base64');
    expect(issuesOf({ ...android, logo: big })).toEqual({ logo: 'logoSize' });
    expect(issuesOf({ ...android, capabilities: [] })).toEqual({ capabilities: 'capabilities' });
    expect(issuesOf({ ...android, type: 'H5' })).toEqual({ type: 'typeMismatch' });
  });
  it('accepts PNG and JPEG logos', () => {
    expect(issuesOf({ ...android, logo: PNG })).toEqual({});
    expect(issuesOf({ ...android, logo: JPEG })).toEqual({});
  });
  it('reports several fields at once and formats them in both languages', () => {
    const r = validateAppCreate({ platform: 'android', name: '', packageSignature: 'zz', ipWhitelist: ['bad'] });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const zh = issuesToFields(r.issues, 'zh-CN');
    const en = issuesToFields(r.issues, 'en-US');
    expect(Object.keys(zh).sort()).toEqual(['ipWhitelist', 'name', 'packageName', 'packageSignature', 'rsaPublicKey']);
    expect(zh.ipWhitelist).toContain('“bad”');
    expect(en.ipWhitelist).toContain('"bad"');
    expect(en.name).toBe('This field is required');
  });
});

describe('validateAppPatch', () => {
  const target = { platform: 'android' as const, encryption: 'RSA' as const, name: 'Shop', rsaPublicKey: SPKI };
  it('allows only the modifiable fields of the platform', () => {
    const r = validateAppPatch(target, { packageName: 'com.other.app' });
    expect(r.ok ? null : r.issues[0]).toMatchObject({ field: 'packageName', code: 'notModifiable' });
    const o = validateAppPatch(target, { origins: ['https://a.com'] });
    expect(o.ok ? null : o.issues[0]).toMatchObject({ field: 'origins', code: 'notModifiable' });
    const h = validateAppPatch({ ...target, platform: 'h5' }, { origins: ['https://a.com/'] });
    expect(h.ok && h.value).toEqual({ origins: ['https://a.com'] });
  });
  it('checks name uniqueness except against the app itself, and keeps the RSA key required', () => {
    const taken = { isNameTaken: () => true };
    expect(validateAppPatch(target, { name: ' shop ' }, taken).ok).toBe(true);
    expect(validateAppPatch(target, { name: 'Other' }, taken).ok).toBe(false);
    expect(validateAppPatch(target, { rsaPublicKey: null }).ok).toBe(false);
    expect(validateAppPatch({ ...target, encryption: 'MD5' }, { rsaPublicKey: null }).ok).toBe(true);
  });
});

describe('field helpers', () => {
  it('normalises signatures and origins', () => {
    expect(normalizePackageSignature('abcdef0123456789abcdef0123456789')).toBe('ABCDEF0123456789ABCDEF0123456789');
    expect(normalizePackageSignature('AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67')).toBeNull();
    expect(normalizeOrigin('https://user:pw@x.com')).toBeNull();
    expect(normalizeOrigin('http://localhost:80')).toBe('http://localhost');
    expect(normalizeOrigin('https://[::1]:8443')).toBe('https://[::1]:8443');
  });
  it('parses IPv6 forms', () => {
    for (const ok of ['::', '::1', 'fe80::1', '2001:db8:0:0:0:0:2:1', '::ffff:192.0.2.1', '64:ff9b::192.0.2.33']) expect(isIPv6(ok), ok).toBe(true);
    for (const no of ['1::2::3', '2001:db8:0:0:0:0:2:1:5', '12345::', 'fe80::1%eth0', ':1', '1.2.3.4', '::1.2.3']) expect(isIPv6(no), no).toBe(false);
    expect(ipEntryKind('::/0')).toBe('ipv6-cidr');
    expect(ipEntryKind('10.0.0.0/8')).toBe('ipv4-cidr');
    expect(ipEntryKind('010.0.0.1')).toBeNull();
  });
  it('agrees with node:crypto on what parses as an RSA public key', () => {
    const body = SPKI.split('\n').slice(1, -2).join('');
    const wrap = (b: string): string => `-----BEGIN PUBLIC KEY-----\n${b}\n-----END PUBLIC KEY-----`;
    const cases = [SPKI, PKCS1, wrap(body), wrap(body.slice(0, -8) + 'AAAAAAAA'), wrap(body.slice(0, -4)), wrap('AAAA' + body.slice(4))];
    for (const pem of cases) {
      let nodeOk = true;
      try {
        createPublicKey(pem);
      } catch {
        nodeOk = false;
      }
      expect(parseRsaPublicKeyPem(pem).ok, pem.slice(-60)).toBe(nodeOk);
    }
    // Stricter than OpenSSL on one point: bytes after the key are a copy-paste accident, not a key.
    expect(parseRsaPublicKeyPem(wrap(body + 'AAAA'))).toEqual({ ok: false, problem: 'badDer' });
    expect(parseRsaPublicKeyPem(SPKI)).toEqual({ ok: true, info: { format: 'spki', bits: 2048 } });
    expect(parseRsaPublicKeyPem(PKCS1)).toEqual({ ok: true, info: { format: 'pkcs1', bits: 2048 } });
  });
});

describe('zod form of the schema', () => {
  it('normalises on success and yields field issues on failure', () => {
    const ok = appCreateBodySchema().safeParse(android);
    expect(ok.success && ok.data.packageSignature).toBe('ABCDEF0123456789ABCDEF0123456789');
    const no = appCreateBodySchema({ isNameTaken: () => true }).safeParse({ ...android, packageSignature: 'x' });
    expect(no.success).toBe(false);
    if (no.success) return;
    const issues = fieldIssuesFromZod(no.error);
    expect(issues.map((i) => `${i.field}:${i.code}`).sort()).toEqual(['name:nameTaken', 'packageSignature:packageSignature']);
    expect(formatIssue(issues[0]!, 'en-US')).toMatch(/already in use|32 hex/);
  });
});

describe('IP whitelist forms (seed 002: IPv4, IPv6 and IP segments)', () => {
  it('accepts addresses, CIDR segments and from-to segments written in full', () => {
    const cases: [string, string][] = [
      ['10.0.0.1', 'ipv4'],
      ['2001:db8::1', 'ipv6'],
      ['10.0.0.0/24', 'ipv4-cidr'],
      ['2001:db8::/32', 'ipv6-cidr'],
      ['10.0.0.1-10.0.0.99', 'ipv4-range'],
      ['10.0.0.5-10.0.0.5', 'ipv4-range'],
      ['2001:db8::1-2001:db8::ff', 'ipv6-range'],
      ['::ffff:10.0.0.1-::ffff:10.0.1.0', 'ipv6-range'],
    ];
    for (const [entry, kind] of cases) expect([entry, ipEntryKind(entry)]).toEqual([entry, kind]);
    expect(issuesOf({ ...android, ipWhitelist: cases.map((c) => c[0]) })).toEqual({});
  });

  it('refuses every other form with its own reason and message', () => {
    const cases: [string, string][] = [
      ['10.0.0.*', 'ipWildcard'],
      ['10.0.*.*', 'ipWildcard'],
      ['10.0.0.0/255.255.255.0', 'ipMask'],
      ['10.0.0.1:8080', 'ipPort'],
      ['[2001:db8::1]:443', 'ipPort'],
      ['fe80::1%eth0', 'ipZone'],
      ['10.0.0.0/33', 'ipPrefix'],
      ['2001:db8::/129', 'ipPrefix'],
      ['10.0.0.1-99', 'ipRange'],
      ['10.0.0.9-10.0.0.1', 'ipRange'],
      ['10.0.0.1-2001:db8::1', 'ipRange'],
      ['2001:db8::ff-2001:db8::1', 'ipRange'],
      ['010.0.0.1', 'ipLeadingZero'],
      ['server.example.com', 'ipEntry'],
    ];
    for (const [entry, code] of cases) {
      expect([entry, issuesOf({ ...android, ipWhitelist: [entry] })]).toEqual([entry, { ipWhitelist: code }]);
      expect(ipEntryProblem(entry)).not.toBeNull();
      for (const locale of ['zh-CN', 'en-US'] as const) {
        const text = (validationMessages[locale] as Record<string, string>)[code]!;
        expect(text).toContain('{entry}');
      }
    }
    expect(ipEntryProblem('10.0.0.1')).toBeNull();
  });

  it('keeps a segment typed with blanks around the dash as one entry', () => {
    expect(splitIpList('10.0.0.1 - 10.0.0.9\n203.0.113.7, 2001:db8::/32')).toEqual(['10.0.0.1-10.0.0.9', '203.0.113.7', '2001:db8::/32']);
  });
});
