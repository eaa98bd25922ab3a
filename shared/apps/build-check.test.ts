import { describe, expect, it } from 'vitest';
import type { BuildInspection, BuildSigner } from '../contract/toolkit';
import { checkBuild, fillFromBuild, platformSignature } from './build-check';

const signer = (md5: string, schemes: BuildSigner['schemes'] = ['v1', 'v2']): BuildSigner => ({
  md5,
  sha1: '0'.repeat(40),
  sha256: '0'.repeat(64),
  subject: 'CN=x',
  notBefore: '2020-01-01T00:00:00.000Z',
  notAfter: '2050-01-01T00:00:00.000Z',
  schemes,
});
const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const apk: BuildInspection = { kind: 'apk', packageName: 'com.example.app', signers: [signer(A)], notes: [] };
const rotated: BuildInspection = {
  kind: 'apk',
  packageName: 'com.example.app',
  signers: [signer(A), signer(B, ['v3'])],
  rotation: { lineage: [], original: A, current: B },
  notes: ['rotated-key'],
};

describe('fillFromBuild', () => {
  it('fills package name and the upper-case MD5 from an APK', () => {
    expect(fillFromBuild(apk)).toEqual({ platform: 'android', packageName: 'com.example.app', packageSignature: A.toUpperCase() });
  });
  it('takes the original certificate of a rotated key', () => {
    expect(platformSignature(rotated)).toBe(A.toUpperCase());
  });
  it('leaves the signature empty for an AAB (upload key) and fills the bundle id from an IPA', () => {
    expect(fillFromBuild({ kind: 'aab', packageName: 'com.example.app', signers: [signer(A, ['v1'])], notes: ['aab-upload-key'] })).toEqual({
      platform: 'android',
      packageName: 'com.example.app',
    });
    expect(fillFromBuild({ kind: 'ipa', bundleId: 'com.example.ios', signers: [], notes: [] })).toEqual({ platform: 'ios', bundleId: 'com.example.ios' });
  });
});

describe('checkBuild', () => {
  it('names the differing field only', () => {
    const lines = checkBuild(apk, { platform: 'android', packageName: 'com.example.app', packageSignature: B });
    expect(lines.filter((l) => !l.matches).map((l) => l.field)).toEqual(['packageSignature']);
    expect(
      checkBuild(apk, { platform: 'android', packageName: 'com.example.other', packageSignature: A })
        .filter((l) => !l.matches)
        .map((l) => l.field),
    ).toEqual(['packageName']);
  });
  it('accepts a registered signature written with colons or lower-case', () => {
    const colons = A.toUpperCase().match(/../g)!.join(':');
    expect(checkBuild(apk, { platform: 'android', packageName: 'com.example.app', packageSignature: colons }).every((l) => l.matches)).toBe(true);
  });
  it('with a rotation, only the original certificate matches', () => {
    expect(checkBuild(rotated, { platform: 'android', packageName: 'com.example.app', packageSignature: A }).every((l) => l.matches)).toBe(true);
    expect(checkBuild(rotated, { platform: 'android', packageName: 'com.example.app', packageSignature: B })[1]!.matches).toBe(false);
  });
  it('a build of the other platform differs on the platform', () => {
    expect(checkBuild(apk, { platform: 'ios', bundleId: 'com.example.ios' })).toEqual([
      { field: 'platform', registered: 'ios', build: ['android'], matches: false },
    ]);
  });
  it('an IPA is compared by bundle id', () => {
    const ipa: BuildInspection = { kind: 'ipa', bundleId: 'com.example.ios', signers: [], notes: [] };
    expect(checkBuild(ipa, { platform: 'ios', bundleId: 'com.example.ios' })[0]!.matches).toBe(true);
    expect(checkBuild(ipa, { platform: 'ios', bundleId: 'com.example.IOS' })[0]!.matches).toBe(false);
  });
});
