/**
 * A build file (as `toolkit.inspect` read it) against an app: what the create form should fill in, and
 * for a registered app which identity field differs. Pure, so the form and tests share it.
 *
 * Which certificate the platform needs: the MD5 of the certificate the installed app is signed with. With
 * a v3 key rotation, PackageManager's GET_SIGNATURES (what carrier SDKs read) reports the original
 * certificate of the lineage, so that one is registered. An AAB carries the upload key, which the store
 * replaces when it re-signs: its certificate is no answer, and the fill leaves the signature empty.
 */
import type { BuildInspection } from '../contract/toolkit';
import type { AppPlatform } from '../platform/domain';
import { normalizePackageSignature } from './validation';

export interface BuildFill {
  platform: AppPlatform;
  packageName?: string;
  /** 32 upper-case hex, as the form stores it. */
  packageSignature?: string;
  bundleId?: string;
}

/** The signer whose MD5 the platform needs, or null when the file cannot tell (AAB, unsigned, several signers). */
export function platformSignature(r: BuildInspection): string | null {
  if (r.kind !== 'apk') return null;
  if (r.rotation) return r.rotation.original.toUpperCase();
  return r.signers.length === 1 ? r.signers[0]!.md5.toUpperCase() : null;
}

export function fillFromBuild(r: BuildInspection): BuildFill {
  if (r.kind === 'ipa') return { platform: 'ios', ...(r.bundleId ? { bundleId: r.bundleId } : {}) };
  const sig = platformSignature(r);
  return { platform: 'android', ...(r.packageName ? { packageName: r.packageName } : {}), ...(sig ? { packageSignature: sig } : {}) };
}

export type BuildCheckField = 'platform' | 'packageName' | 'packageSignature' | 'bundleId';

export interface BuildCheckLine {
  field: BuildCheckField;
  registered: string | null;
  /** What the build has: one value, or each signer's MD5 (upper-case) for the signature. */
  build: string[];
  matches: boolean;
}

export interface RegisteredIdentity {
  platform: AppPlatform;
  packageName?: string | null;
  packageSignature?: string | null;
  bundleId?: string | null;
}

/** Every identity field the platform checks, registered value against the build's; `matches` false says which differ. */
export function checkBuild(r: BuildInspection, app: RegisteredIdentity): BuildCheckLine[] {
  const buildPlatform: AppPlatform = r.kind === 'ipa' ? 'ios' : 'android';
  if (app.platform !== buildPlatform) return [{ field: 'platform', registered: app.platform, build: [buildPlatform], matches: false }];
  if (buildPlatform === 'ios') {
    const b = r.bundleId ?? '';
    return [{ field: 'bundleId', registered: app.bundleId ?? null, build: b ? [b] : [], matches: !!b && b === (app.bundleId ?? '').trim() }];
  }
  const pkg = r.packageName ?? '';
  const registeredSig = app.packageSignature ? normalizePackageSignature(app.packageSignature) : null;
  const md5s = r.signers.map((s) => s.md5.toUpperCase());
  // What the installed app reports: the original of a rotation, else any signer the device may see.
  const acceptable = r.rotation ? [r.rotation.original.toUpperCase()] : md5s;
  return [
    { field: 'packageName', registered: app.packageName ?? null, build: pkg ? [pkg] : [], matches: !!pkg && pkg === (app.packageName ?? '').trim() },
    {
      field: 'packageSignature',
      registered: registeredSig ?? app.packageSignature ?? null,
      build: md5s,
      matches: r.kind === 'apk' && !!registeredSig && acceptable.includes(registeredSig),
    },
  ];
}
