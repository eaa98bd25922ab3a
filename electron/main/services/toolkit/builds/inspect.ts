/**
 * `onetap inspect` / `toolkit.inspect`: what a build file says about the app's identity on the platform —
 * the Android package name and signing certificates (every signer, every scheme), or the iOS bundle id.
 * The zip is read through its central directory and only the few entries needed; the APK Signing Block
 * by positional reads; no part of the build is held whole in memory.
 */
import { stat } from 'node:fs/promises';
import type { BuildInspection, BuildSigner, SignatureScheme } from '../../../../../shared/contract/toolkit';
import { manifestPackage } from './binary-manifest';
import { certFacts, pkcs7SignerCertificates } from './certificates';
import { BuildFileError } from './errors';
import { plistBundleId } from './info-plist';
import { protoManifestPackage } from './proto-manifest';
import { readSigningBlock } from './signing-block';
import { openZip } from './zip-archive';

const MANIFEST_MAX = 8 * 1024 * 1024;
const PLIST_MAX = 4 * 1024 * 1024;
const SIG_FILE_MAX = 1024 * 1024;

const APK_MANIFEST = 'AndroidManifest.xml';
const AAB_MANIFEST = 'base/manifest/AndroidManifest.xml';
const V1_SIG = /^META-INF\/[^/]+\.(RSA|DSA|EC)$/i;
const IPA_PLIST = /^Payload\/[^/]+\.app\/Info\.plist$/;

class SignerSet {
  private readonly byCert = new Map<string, BuildSigner>();
  add(der: Buffer, scheme: SignatureScheme): void {
    const facts = certFacts(der);
    const known = this.byCert.get(facts.sha256);
    if (known) {
      if (!known.schemes.includes(scheme)) known.schemes.push(scheme);
    } else this.byCert.set(facts.sha256, { ...facts, schemes: [scheme] });
  }
  list(): BuildSigner[] {
    const order: SignatureScheme[] = ['v1', 'v2', 'v3'];
    return [...this.byCert.values()].map((s) => ({ ...s, schemes: order.filter((o) => s.schemes.includes(o)) }));
  }
}

export async function inspectBuild(path: string): Promise<BuildInspection> {
  const info = await stat(path).catch(() => null);
  if (!info?.isFile()) throw new BuildFileError('not-found', `no such file: ${path}`);
  const zip = await openZip(path, (n) => n === APK_MANIFEST || n === AAB_MANIFEST || V1_SIG.test(n) || IPA_PLIST.test(n));
  try {
    const names = zip.entries.map((e) => e.name);
    const signers = new SignerSet();
    for (const name of names.filter((n) => V1_SIG.test(n)).sort()) {
      for (const der of pkcs7SignerCertificates(await zip.read(name, SIG_FILE_MAX))) signers.add(der, 'v1');
    }

    if (names.includes(APK_MANIFEST)) {
      const packageName = manifestPackage(await zip.read(APK_MANIFEST, MANIFEST_MAX));
      const block = await readSigningBlock(path);
      let rotation: BuildInspection['rotation'];
      for (const s of block) {
        signers.add(s.certificate, s.scheme);
        if (s.lineage && s.lineage.length > 1) {
          const lineage = s.lineage.map((der) => {
            const { md5, sha1, sha256, subject } = certFacts(der);
            return { md5, sha1, sha256, subject };
          });
          rotation = { lineage, original: lineage[0]!.md5, current: lineage[lineage.length - 1]!.md5 };
        }
      }
      const list = signers.list();
      return {
        kind: 'apk',
        ...(packageName ? { packageName } : {}),
        signers: list,
        ...(rotation ? { rotation } : {}),
        notes: [...(list.length === 0 ? (['unsigned'] as const) : []), ...(rotation ? (['rotated-key'] as const) : [])],
      };
    }
    if (names.includes(AAB_MANIFEST)) {
      const packageName = protoManifestPackage(await zip.read(AAB_MANIFEST, MANIFEST_MAX));
      return { kind: 'aab', ...(packageName ? { packageName } : {}), signers: signers.list(), notes: ['aab-upload-key'] };
    }
    const plists = names.filter((n) => IPA_PLIST.test(n));
    if (plists.length) {
      const bundleId = await plistBundleId(await zip.read(plists[0]!, PLIST_MAX));
      return { kind: 'ipa', ...(bundleId ? { bundleId } : {}), signers: [], notes: [] };
    }
    throw new BuildFileError(
      'not-a-build',
      'a zip archive, but not an APK, AAB or IPA (no AndroidManifest.xml, base/manifest/AndroidManifest.xml or Payload/*.app/Info.plist)',
    );
  } finally {
    zip.close();
  }
}
