/**
 * Manifests: what is signed, what is hashed into the chain, and where the file lives beside
 * its export. Both the signature and the chain hash are over canonical JSON, so the manifest
 * file may be re-indented without breaking either, but no value can change.
 */
import { createHash } from 'node:crypto';
import { exportManifestSchema, type ExportManifest } from '../../../../shared/contract/export';
import { canonicalJson } from './canonical-json';
import { hmacHex, hmacMatches, type SigningKey } from './signing-keys';

export const MANIFEST_SUFFIX = '.manifest.json';

export function manifestPathFor(file: string): string {
  return `${file}${MANIFEST_SUFFIX}`;
}

export type UnsignedManifest = Omit<ExportManifest, 'signature'> & { signature: Omit<ExportManifest['signature'], 'value'> };

/** The text the HMAC covers: the whole manifest except the signature value itself. */
export function signedText(m: UnsignedManifest | ExportManifest): string {
  const { value: _value, ...sig } = m.signature as ExportManifest['signature'];
  return canonicalJson({ ...m, signature: sig });
}

export function signManifest(m: UnsignedManifest, key: SigningKey): ExportManifest {
  const signature = { ...m.signature, keyId: key.id, keySource: key.source };
  const unsigned = { ...m, signature };
  return { ...unsigned, signature: { ...signature, value: hmacHex(key, signedText(unsigned)) } };
}

export function signatureMatches(m: ExportManifest, key: SigningKey): boolean {
  return hmacMatches(key, signedText(m), m.signature.value);
}

export function sha256Hex(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The chain link: SHA-256 of the whole manifest (signature included). */
export function manifestHash(m: ExportManifest): string {
  return sha256Hex(canonicalJson(m));
}

/** The `prevHash` of a workspace's first export: bound to its chain id, so chains cannot be spliced. */
export function genesisHash(chainId: string): string {
  return sha256Hex(`onetap-console/export-chain/v1\n${chainId}`);
}

export function manifestText(m: ExportManifest): string {
  return `${JSON.stringify(m, null, 2)}\n`;
}

export type ParsedManifest = { ok: true; manifest: ExportManifest } | { ok: false; error: string };

export function parseManifest(text: string): ParsedManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    // No parser detail: it would quote bytes of whatever file was named.
    return { ok: false, error: 'not valid JSON' };
  }
  const parsed = exportManifestSchema.safeParse(raw);
  if (!parsed.success) {
    const first = parsed.error.issues[0];
    return { ok: false, error: `not an export manifest (${first ? `${first.path.join('.') || '(root)'}: ${first.message}` : 'invalid'})` };
  }
  return { ok: true, manifest: parsed.data };
}
