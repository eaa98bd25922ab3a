/**
 * Certificates as the platform and the admin want them: the MD5 the one-click-login platform registers
 * (32 lower-case hex, no colons), SHA-1/SHA-256, subject and validity, from DER through Node's X509Certificate.
 * v1 (JAR) signatures are PKCS#7 SignedData, parsed with pkijs/asn1js; the signer's certificate is the one
 * each SignerInfo names by issuer and serial number.
 */
import { createHash, X509Certificate } from 'node:crypto';
import type * as Asn1js from 'asn1js';
import type * as Pkijs from 'pkijs';
import type { Certificate, SignedData } from 'pkijs';
import { lazyModule } from '../../core/lazy-module';
import { damaged } from './errors';

// Only an APK's v1 signature needs them: loaded then, not at every start (lazy-module.ts).
const asn1 = lazyModule<typeof Asn1js>('asn1js');
const pkijs = lazyModule<typeof Pkijs>('pkijs');

export interface CertFacts {
  md5: string;
  sha1: string;
  sha256: string;
  subject: string;
  notBefore: string;
  notAfter: string;
}

const hex = (alg: string, der: Buffer): string => createHash(alg).update(der).digest('hex');

/** Node prints a DN one RDN a line, most significant first; admins and apksigner read it the LDAP way. */
function subjectLine(x509: X509Certificate): string {
  return x509.subject.split('\n').filter(Boolean).reverse().join(', ');
}

export function certFacts(der: Buffer): CertFacts {
  let x509: X509Certificate;
  try {
    x509 = new X509Certificate(der);
  } catch (e) {
    throw damaged(`a signing certificate cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  return {
    md5: hex('md5', der),
    sha1: hex('sha1', der),
    sha256: hex('sha256', der),
    subject: subjectLine(x509),
    notBefore: new Date(x509.validFrom).toISOString(),
    notAfter: new Date(x509.validTo).toISOString(),
  };
}

const toBuffer = (ab: ArrayBuffer): Buffer => Buffer.from(new Uint8Array(ab));

/** The signer certificates (DER) of one META-INF/*.RSA|DSA|EC PKCS#7 file. */
export function pkcs7SignerCertificates(body: Buffer): Buffer[] {
  const { Certificate, ContentInfo, IssuerAndSerialNumber, SignedData } = pkijs();
  let signed: SignedData;
  try {
    const asn = asn1().fromBER(new Uint8Array(body));
    if (asn.offset === -1) throw new Error(asn.result.error);
    const info = new ContentInfo({ schema: asn.result });
    if (info.contentType !== ContentInfo.SIGNED_DATA) throw new Error('not SignedData');
    signed = new SignedData({ schema: info.content });
  } catch (e) {
    throw damaged(`a v1 signature block (META-INF) is not valid PKCS#7 (${e instanceof Error ? e.message : String(e)})`);
  }
  const certs = (signed.certificates ?? []).filter((c): c is Certificate => c instanceof Certificate);
  const picked = new Set<Certificate>();
  for (const si of signed.signerInfos) {
    if (!(si.sid instanceof IssuerAndSerialNumber)) continue;
    const sid = si.sid;
    const match = certs.find((c) => c.serialNumber.isEqual(sid.serialNumber) && c.issuer.isEqual(sid.issuer));
    if (match) picked.add(match);
  }
  const chosen = picked.size ? [...picked] : certs.slice(0, 1);
  return chosen.map((c) => toBuffer(c.toSchema().toBER(false)));
}
