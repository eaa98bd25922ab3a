// The inspector against real builds: APKs signed by Debian's apksigner, an AAB signed by jarsigner, IPAs
// with XML and binary Info.plist (testing/fixtures/make-fixtures.sh). Expected certificates come from what
// apksigner and keytool printed when they made the files, never from this code.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildInspectionSchema } from '../../../../../shared/contract/toolkit';
import { inspectBuild } from './inspect';

const dir = join(__dirname, '..', 'testing', 'fixtures');

interface Printed {
  dn: string;
  md5: string;
  sha1: string;
  sha256: string;
}

/** Parses `apksigner verify --print-certs` (or `apksigner lineage --print-certs`) output. */
function apksignerCerts(file: string, label: RegExp): Printed[] {
  const out = new Map<string, Partial<Printed>>();
  for (const line of readFileSync(join(dir, file), 'utf8').split('\n')) {
    const m = /^(Signer #\d+(?: in lineage)?) certificate (DN|MD5 digest|SHA-1 digest|SHA-256 digest): (.+)$/.exec(line);
    if (!m || !label.test(m[1]!)) continue;
    const cert = out.get(m[1]!) ?? {};
    const key = ({ DN: 'dn', 'MD5 digest': 'md5', 'SHA-1 digest': 'sha1', 'SHA-256 digest': 'sha256' } as const)[m[2] as 'DN'];
    cert[key] = m[3]!.trim();
    out.set(m[1]!, cert);
  }
  return [...out.values()] as Printed[];
}

const signerOf = (file: string) => apksignerCerts(`${file}.apksigner.txt`, /^Signer #\d+$/);

async function inspect(file: string) {
  const result = await inspectBuild(join(dir, file));
  // The CLI's --json prints exactly this object: it must satisfy the contract's shape.
  expect(buildInspectionSchema.parse(result)).toEqual(result);
  return result;
}

describe('inspectBuild on real APKs', () => {
  it('v1 only: the JAR signature certificate, as apksigner printed it', async () => {
    const r = await inspect('v1-only.apk');
    const [want] = signerOf('v1-only.apk');
    expect(r.kind).toBe('apk');
    expect(r.packageName).toBe('com.onetap.fixture.vone');
    expect(r.signers).toHaveLength(1);
    expect(r.signers[0]).toMatchObject({ md5: want!.md5, sha1: want!.sha1, sha256: want!.sha256, subject: want!.dn, schemes: ['v1'] });
    expect(r.signers[0]!.md5).toMatch(/^[0-9a-f]{32}$/);
  });

  it('v2 only: no META-INF certificate, still read from the APK Signing Block', async () => {
    const r = await inspect('v2-only.apk');
    const [want] = signerOf('v2-only.apk');
    expect(r.packageName).toBe('com.onetap.fixture.vtwo');
    expect(r.signers).toEqual([expect.objectContaining({ md5: want!.md5, sha256: want!.sha256, schemes: ['v2'] })]);
  });

  it('v1+v2+v3 with one key: one signer carrying all three schemes', async () => {
    const r = await inspect('v1v2v3.apk');
    const [want] = signerOf('v1v2v3.apk');
    expect(r.packageName).toBe('com.onetap.fixture.all');
    expect(r.signers).toEqual([expect.objectContaining({ md5: want!.md5, sha1: want!.sha1, schemes: ['v1', 'v2', 'v3'] })]);
    expect(Date.parse(r.signers[0]!.notAfter)).toBeGreaterThan(Date.parse(r.signers[0]!.notBefore));
    expect(r.rotation).toBeUndefined();
  });

  it('rotated key: the v3 signer is the new key, v1/v2 the old one, and the lineage is shown oldest first', async () => {
    const r = await inspect('rotated.apk');
    const [v3] = signerOf('rotated.apk');
    const lineage = apksignerCerts('rotated.apk.lineage.txt', /in lineage/);
    expect(lineage).toHaveLength(2);
    expect(r.rotation?.lineage.map((c) => c.md5)).toEqual(lineage.map((c) => c.md5));
    expect(r.rotation?.original).toBe(lineage[0]!.md5);
    expect(r.rotation?.current).toBe(v3!.md5);
    expect(r.notes).toContain('rotated-key');
    const byMd5 = Object.fromEntries(r.signers.map((s) => [s.md5, s.schemes]));
    expect(byMd5).toEqual({ [lineage[0]!.md5]: ['v1', 'v2'], [v3!.md5]: ['v3'] });
  });
});

describe('inspectBuild on an AAB and IPAs', () => {
  it('AAB: package name from the protobuf manifest, the upload key from jarsigner, and the re-signing caveat', async () => {
    const r = await inspect('upload-key.aab');
    const printed = readFileSync(join(dir, 'upload-key.aab.keytool.txt'), 'utf8');
    const sha256 = /SHA256: ([0-9A-F:]+)/.exec(printed)![1]!.replace(/:/g, '').toLowerCase();
    const sha1 = /SHA1: ([0-9A-F:]+)/.exec(printed)![1]!.replace(/:/g, '').toLowerCase();
    expect(r).toMatchObject({ kind: 'aab', packageName: 'com.onetap.fixture.bundle', notes: ['aab-upload-key'] });
    expect(r.signers).toEqual([expect.objectContaining({ sha256, sha1, schemes: ['v1'] })]);
  });

  it('IPA with an XML Info.plist', async () => {
    expect(await inspect('xml-plist.ipa')).toEqual({ kind: 'ipa', bundleId: 'com.onetap.fixture.ios.xml', signers: [], notes: [] });
  });

  it('IPA with a binary Info.plist', async () => {
    expect(await inspect('binary-plist.ipa')).toEqual({ kind: 'ipa', bundleId: 'com.onetap.fixture.ios.binary', signers: [], notes: [] });
  });
});
