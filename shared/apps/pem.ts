/**
 * RSA public key check that runs unchanged in the renderer, the main process and the emulator:
 * a strict structural DER parse of the PEM body instead of `node:crypto` (absent in the browser)
 * or WebCrypto (asynchronous, and it would make the whole validation schema asynchronous).
 *
 * Accepted: "-----BEGIN PUBLIC KEY-----" (X.509 SubjectPublicKeyInfo with the rsaEncryption OID)
 * and "-----BEGIN RSA PUBLIC KEY-----" (PKCS#1 RSAPublicKey). The parse consumes every byte,
 * so a truncated or padded key is refused, as `crypto.createPublicKey` refuses it.
 */

export type RsaKeyProblem = 'notPem' | 'badBase64' | 'badDer' | 'notRsa' | 'tooShort' | 'tooLong' | 'badExponent';

export interface RsaKeyInfo {
  format: 'spki' | 'pkcs1';
  /** Modulus size in bits. */
  bits: number;
}

/** Smallest modulus accepted: 1024-bit keys are still what carrier consoles hand out; less is breakable. */
export const RSA_MIN_BITS = 1024;
export const RSA_MAX_BITS = 16384;

const PEM_RE = /^-----BEGIN (PUBLIC KEY|RSA PUBLIC KEY)-----\r?\n([\s\S]*?)\r?\n?-----END \1-----$/;
// 1.2.840.113549.1.1.1 (rsaEncryption), DER-encoded content octets.
const RSA_OID = [0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01];

class DerError extends Error {}

interface Tlv {
  tag: number;
  start: number; // first content byte
  end: number; // one past the last content byte
}

function readTlv(b: Uint8Array, at: number, limit: number): Tlv {
  if (at + 2 > limit) throw new DerError('truncated');
  const tag = b[at]!;
  let len = b[at + 1]!;
  let p = at + 2;
  if (len & 0x80) {
    const n = len & 0x7f;
    // 0x80 is BER's indefinite length, never valid DER; 4 length bytes is far beyond any key.
    if (n === 0 || n > 4 || p + n > limit) throw new DerError('bad length');
    len = 0;
    for (let i = 0; i < n; i++) len = len * 256 + b[p + i]!;
    if (b[p] === 0 || len < 0x80) throw new DerError('non-minimal length');
    p += n;
  }
  if (p + len > limit) throw new DerError('truncated');
  return { tag, start: p, end: p + len };
}

function expect(b: Uint8Array, at: number, limit: number, tag: number): Tlv {
  const t = readTlv(b, at, limit);
  if (t.tag !== tag) throw new DerError(`expected tag ${tag}`);
  return t;
}

/** Positive INTEGER: returns its significant bytes (leading 0x00 sign byte dropped). */
function positiveInteger(b: Uint8Array, t: Tlv): Uint8Array {
  if (t.end === t.start) throw new DerError('empty integer');
  if (b[t.start]! & 0x80) throw new DerError('negative integer');
  let s = t.start;
  if (b[s] === 0) {
    if (t.end - t.start > 1 && !(b[s + 1]! & 0x80)) throw new DerError('non-minimal integer');
    s++;
  }
  return b.subarray(s, t.end);
}

function bitLength(bytes: Uint8Array): number {
  if (bytes.length === 0) return 0;
  return (bytes.length - 1) * 8 + (32 - Math.clz32(bytes[0]!));
}

function rsaPublicKey(b: Uint8Array, at: number, limit: number): { bits: number; exponentOk: boolean; end: number } {
  const seq = expect(b, at, limit, 0x30);
  const n = expect(b, seq.start, seq.end, 0x02);
  const e = expect(b, n.end, seq.end, 0x02);
  if (e.end !== seq.end) throw new DerError('trailing data in RSAPublicKey');
  const modulus = positiveInteger(b, n);
  const exponent = positiveInteger(b, e);
  // An even exponent or 1 is no RSA key; > 4 bytes is legal but no real key uses one.
  const expOk = exponent.length > 0 && exponent.length <= 4 && (exponent[exponent.length - 1]! & 1) === 1 && bitLength(exponent) > 1;
  return { bits: bitLength(modulus), exponentOk: expOk, end: seq.end };
}

function decodeBase64(body: string): Uint8Array | null {
  const compact = body.replace(/[\r\n\t ]+/g, '');
  if (compact.length === 0 || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return null;
  const bin = atob(compact);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

/** Parses a PEM RSA public key; `{ ok: false, problem }` says why it is not one. */
export function parseRsaPublicKeyPem(pem: string): { ok: true; info: RsaKeyInfo } | { ok: false; problem: RsaKeyProblem } {
  const m = PEM_RE.exec(pem.trim());
  if (!m) return { ok: false, problem: 'notPem' };
  const der = decodeBase64(m[2]!);
  if (!der) return { ok: false, problem: 'badBase64' };
  const format: RsaKeyInfo['format'] = m[1] === 'PUBLIC KEY' ? 'spki' : 'pkcs1';
  let key: { bits: number; exponentOk: boolean };
  try {
    if (format === 'pkcs1') {
      const k = rsaPublicKey(der, 0, der.length);
      if (k.end !== der.length) throw new DerError('trailing data');
      key = k;
    } else {
      const spki = expect(der, 0, der.length, 0x30);
      if (spki.end !== der.length) throw new DerError('trailing data');
      const alg = expect(der, spki.start, spki.end, 0x30);
      const oid = expect(der, alg.start, alg.end, 0x06);
      const isRsa = oid.end - oid.start === RSA_OID.length && RSA_OID.every((v, i) => der[oid.start + i] === v);
      if (!isRsa) return { ok: false, problem: 'notRsa' };
      if (oid.end !== alg.end) {
        const params = expect(der, oid.end, alg.end, 0x05); // NULL parameters
        if (params.end !== params.start || params.end !== alg.end) throw new DerError('bad parameters');
      }
      const bits = expect(der, alg.end, spki.end, 0x03);
      if (bits.end !== spki.end) throw new DerError('trailing data');
      if (der[bits.start] !== 0) throw new DerError('unused bits in key');
      const k = rsaPublicKey(der, bits.start + 1, bits.end);
      if (k.end !== bits.end) throw new DerError('trailing data');
      key = k;
    }
  } catch (e) {
    if (e instanceof DerError) return { ok: false, problem: 'badDer' };
    throw e;
  }
  if (!key.exponentOk) return { ok: false, problem: 'badExponent' };
  if (key.bits < RSA_MIN_BITS) return { ok: false, problem: 'tooShort' };
  if (key.bits > RSA_MAX_BITS) return { ok: false, problem: 'tooLong' };
  return { ok: true, info: { format, bits: key.bits } };
}
