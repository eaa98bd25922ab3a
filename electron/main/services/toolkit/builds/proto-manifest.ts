/**
 * The package name from an Android App Bundle's base/manifest/AndroidManifest.xml, which aapt2 writes
 * as a protocol buffer (aapt2 Resources.proto: XmlNode{element=1}, XmlElement{name=3, attribute=4},
 * XmlAttribute{namespace_uri=1, name=2, value=3}), not as binary XML. Only those fields are walked.
 */
import { damaged } from './errors';

interface Field {
  no: number;
  wire: number;
  bytes?: Buffer;
}

function* fields(buf: Buffer): Generator<Field> {
  let p = 0;
  const varint = (): number => {
    let v = 0;
    for (let shift = 0; shift < 49; shift += 7) {
      if (p >= buf.length) throw damaged('manifest protobuf is cut short');
      const b = buf[p++]!;
      v += (b & 0x7f) * 2 ** shift;
      if (!(b & 0x80)) return v;
    }
    throw damaged('manifest protobuf varint too long');
  };
  while (p < buf.length) {
    const key = varint();
    const no = Math.floor(key / 8);
    const wire = key & 7;
    if (wire === 0) varint();
    else if (wire === 1) p += 8;
    else if (wire === 5) p += 4;
    else if (wire === 2) {
      const n = varint();
      if (n > buf.length - p) throw damaged('manifest protobuf field runs past its end');
      yield { no, wire, bytes: buf.subarray(p, p + n) };
      p += n;
      continue;
    } else throw damaged('manifest protobuf uses an unknown wire type');
    if (p > buf.length) throw damaged('manifest protobuf is cut short');
    yield { no, wire };
  }
}

const first = (buf: Buffer, no: number): Buffer | undefined => {
  for (const f of fields(buf)) if (f.no === no && f.bytes) return f.bytes;
  return undefined;
};

export function protoManifestPackage(buf: Buffer): string | null {
  const element = first(buf, 1);
  if (!element) throw damaged('the bundle manifest has no root element');
  if (first(element, 3)?.toString('utf8') !== 'manifest') throw damaged('the bundle manifest root is not <manifest>');
  for (const f of fields(element)) {
    if (f.no !== 4 || !f.bytes) continue;
    const ns = first(f.bytes, 1)?.toString('utf8') ?? '';
    if (!ns && first(f.bytes, 2)?.toString('utf8') === 'package') return first(f.bytes, 3)?.toString('utf8') ?? null;
  }
  return null;
}
