// Damaged and hostile files: each ends in one clear BuildFileError, quickly, without inflating anything big.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeZip } from '../testing/zip-writer';
import { liveMemoryPeak } from '../../../../../test/testing/live-memory';
import { BuildFileError, type BuildFileReason } from './errors';
import { inspectBuild } from './inspect';

const fixtures = join(__dirname, '..', 'testing', 'fixtures');
const tmp = mkdtempSync(join(tmpdir(), 'onetap-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let n = 0;
function file(bytes: Buffer): string {
  const p = join(tmp, `f${n++}`);
  writeFileSync(p, bytes);
  return p;
}

async function refused(path: string): Promise<BuildFileReason> {
  const { result: err, grown } = await liveMemoryPeak('both', () =>
    inspectBuild(path).then(
      () => null,
      (e: unknown) => e,
    ),
  );
  expect(err).toBeInstanceOf(BuildFileError);
  // Nothing of the declared gigabytes was inflated: live heap and Buffers together (inflated bytes land in
  // Buffers, which the heap figure alone never saw) stay under a generous bound; the test files are a few MiB.
  expect(grown).toBeLessThan(64 * 1024 ** 2);
  return (err as BuildFileError).reason;
}

describe('hostile build files', () => {
  it('an entry that declares gigabytes from a few bytes (zip bomb) is refused before inflating', async () => {
    const bomb = writeZip([{ name: 'AndroidManifest.xml', data: Buffer.alloc(1000), deflate: true, declaredSize: 4_000_000_000 }]);
    expect(await refused(file(bomb))).toBe('zip-bomb');
  });

  it('a real deflate bomb (64 MiB of zeros in ~64 KiB) is refused by its ratio', async () => {
    const bomb = writeZip([{ name: 'assets/zeros.bin', data: Buffer.alloc(64 * 1024 ** 2), deflate: true }]);
    expect(bomb.length).toBeLessThan(200_000);
    expect(await refused(file(bomb))).toBe('zip-bomb');
  });

  it('many directory entries sharing one local file (overlapping-entry bomb) are refused', async () => {
    const base = { name: 'a.bin', data: Buffer.from('x'.repeat(100)), deflate: true };
    const extra = Array.from({ length: 5 }, (_, i) => ({ name: `copy${i}.bin`, data: Buffer.alloc(0), shareLocalOf: 0 }));
    expect(await refused(file(writeZip([base], extra)))).toBe('zip-bomb');
  });

  it.each(['../../etc/passwd', '/abs/AndroidManifest.xml', 'META-INF\\..\\x', 'C:/win.ini'])('path traversal entry %s is refused', async (name) => {
    const zip = writeZip([
      { name: 'AndroidManifest.xml', data: Buffer.from('x') },
      { name, data: Buffer.from('y') },
    ]);
    expect(await refused(file(zip))).toBe('path-traversal');
  });

  it('a truncated APK (first half of a real one) is refused as truncated', async () => {
    const apk = readFileSync(join(fixtures, 'v1v2v3.apk'));
    expect(await refused(file(apk.subarray(0, Math.floor(apk.length / 2))))).toBe('truncated');
  });

  it('an APK cut just inside its central directory is refused', async () => {
    const apk = readFileSync(join(fixtures, 'v2-only.apk'));
    expect(['truncated', 'damaged']).toContain(await refused(file(apk.subarray(0, apk.length - 30))));
  });

  it('a file that is not a zip at all is refused as not-zip', async () => {
    expect(await refused(file(Buffer.from('this is a text file, not an APK\n'.repeat(50))))).toBe('not-zip');
  });

  it('a zip with none of the build markers is refused as not-a-build', async () => {
    expect(await refused(file(writeZip([{ name: 'readme.txt', data: Buffer.from('hello') }])))).toBe('not-a-build');
  });

  it('an AndroidManifest.xml that is not binary XML is refused as damaged', async () => {
    const zip = writeZip([{ name: 'AndroidManifest.xml', data: Buffer.from('<manifest package="x"/>') }]);
    expect(await refused(file(zip))).toBe('damaged');
  });

  it('a binary manifest whose string pool lies about its size is refused as damaged', async () => {
    const head = Buffer.alloc(8 + 28);
    head.writeUInt16LE(0x0003, 0);
    head.writeUInt16LE(8, 2);
    head.writeUInt32LE(head.length, 4);
    head.writeUInt16LE(0x0001, 8);
    head.writeUInt16LE(28, 10);
    head.writeUInt32LE(0x7fffffff, 12); // chunk size past the end
    const zip = writeZip([{ name: 'AndroidManifest.xml', data: head }]);
    expect(await refused(file(zip))).toBe('damaged');
  });

  it('a v1 signature file that is not PKCS#7 is refused as damaged', async () => {
    const zip = writeZip([
      { name: 'META-INF/CERT.RSA', data: Buffer.from('not der') },
      { name: 'AndroidManifest.xml', data: Buffer.alloc(8) },
    ]);
    expect(await refused(file(zip))).toBe('damaged');
  });

  it('a missing file is not-found', async () => {
    expect(await refused(join(tmp, 'nope.apk'))).toBe('not-found');
  });
});
