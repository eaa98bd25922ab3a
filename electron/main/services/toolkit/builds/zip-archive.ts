/**
 * The zip side of every build format (APK, AAB and IPA are zip files), on yauzl: it reads the central
 * directory and only the entries asked for, streaming each one with a size cap, so a build of any size
 * costs a few small buffers. Hostile archives are refused here: names that climb out of the archive,
 * more entries than any real build has, entries sharing their data (the overlapping-file zip bomb), and
 * declared sizes or compression ratios no real build reaches.
 */
import { open as openFile } from 'node:fs/promises';
import yauzl from 'yauzl';
import { BuildFileError } from './errors';

export const zipLimits = {
  /** Large games ship ~60k entries; ten times that is no build. */
  maxEntries: 500_000,
  /** Sum of declared uncompressed sizes. */
  maxTotalUncompressed: 16 * 1024 ** 3,
  /** An entry inflating more than this ratio, once past `ratioFloor` bytes, is a bomb. */
  maxRatio: 1000,
  ratioFloor: 1024 ** 2,
} as const;

export interface ZipEntryInfo {
  name: string;
  compressedSize: number;
  uncompressedSize: number;
}

export interface ZipArchive {
  entries: ZipEntryInfo[];
  /** Reads one selected entry whole; refuses past `maxBytes` (declared or actual). */
  read(name: string, maxBytes: number): Promise<Buffer>;
  close(): void;
}

function traversal(name: string): boolean {
  return name.includes('\\') || name.startsWith('/') || /^[a-zA-Z]:/.test(name) || name.split('/').includes('..');
}

async function looksLikeZipStart(path: string): Promise<boolean> {
  const fh = await openFile(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await fh.read(head, 0, 4, 0);
    return bytesRead === 4 && head.readUInt32LE(0) === 0x04034b50;
  } finally {
    await fh.close();
  }
}

async function openYauzl(path: string): Promise<yauzl.ZipFile> {
  try {
    return await new Promise<yauzl.ZipFile>((resolve, reject) =>
      yauzl.open(path, { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true }, (err, zip) =>
        err ? reject(err) : resolve(zip),
      ),
    );
  } catch (e) {
    const zipStart = await looksLikeZipStart(path).catch(() => false);
    if (zipStart)
      throw new BuildFileError('truncated', 'the file starts as a zip archive but its end (central directory) is missing or cut: truncated or damaged');
    throw new BuildFileError('not-zip', `not a zip archive, so not an APK, AAB or IPA (${e instanceof Error ? e.message : String(e)})`);
  }
}

/**
 * Opens `path` and lists the entries `select` keeps (names are checked for every entry, kept or not).
 */
export async function openZip(path: string, select: (name: string) => boolean): Promise<ZipArchive> {
  const zip = await openYauzl(path);
  if (zip.entryCount > zipLimits.maxEntries) {
    zip.close();
    throw new BuildFileError('too-many-entries', `the archive declares ${zip.entryCount} entries; no build has more than ${zipLimits.maxEntries}`);
  }
  const kept = new Map<string, yauzl.Entry>();
  const offsets = new Set<number>();
  let total = 0;
  try {
    await new Promise<void>((resolve, reject) => {
      zip.on('error', reject);
      zip.on('end', () => resolve());
      zip.on('entry', (entry: yauzl.Entry) => {
        const name = Buffer.isBuffer(entry.fileName) ? (entry.fileName as Buffer).toString('utf8') : String(entry.fileName);
        if (traversal(name)) return reject(new BuildFileError('path-traversal', `entry name leaves the archive: ${JSON.stringify(name.slice(0, 200))}`));
        if (offsets.has(entry.relativeOffsetOfLocalHeader)) {
          return reject(new BuildFileError('zip-bomb', 'several entries share the same data (an overlapping-entry zip bomb)'));
        }
        offsets.add(entry.relativeOffsetOfLocalHeader);
        total += entry.uncompressedSize;
        if (total > zipLimits.maxTotalUncompressed)
          return reject(new BuildFileError('zip-bomb', 'the entries inflate to more than any build holds (zip bomb)'));
        if (entry.uncompressedSize > zipLimits.ratioFloor && entry.uncompressedSize > Math.max(1, entry.compressedSize) * zipLimits.maxRatio) {
          return reject(new BuildFileError('zip-bomb', `entry ${JSON.stringify(name.slice(0, 200))} inflates more than ${zipLimits.maxRatio}:1 (zip bomb)`));
        }
        if (select(name)) kept.set(name, entry);
        zip.readEntry();
      });
      zip.readEntry();
    });
  } catch (e) {
    zip.close();
    if (e instanceof BuildFileError) throw e;
    throw new BuildFileError('damaged', `damaged zip archive: ${e instanceof Error ? e.message : String(e)}`);
  }

  return {
    entries: [...kept.entries()].map(([name, e]) => ({ name, compressedSize: e.compressedSize, uncompressedSize: e.uncompressedSize })),
    close: () => zip.close(),
    read: (name, maxBytes) => {
      const entry = kept.get(name);
      if (!entry) return Promise.reject(new BuildFileError('damaged', `no entry ${name}`));
      if (entry.uncompressedSize > maxBytes) {
        return Promise.reject(new BuildFileError('entry-too-large', `${name} declares ${entry.uncompressedSize} bytes; at most ${maxBytes} are read`));
      }
      return new Promise<Buffer>((resolve, reject) => {
        zip.openReadStream(entry, (err, stream) => {
          if (err) return reject(new BuildFileError('damaged', `cannot read ${name}: ${err.message}`));
          const chunks: Buffer[] = [];
          let size = 0;
          stream.on('data', (c: Buffer) => {
            size += c.length;
            if (size > maxBytes) {
              stream.destroy();
              reject(new BuildFileError('entry-too-large', `${name} inflates past ${maxBytes} bytes`));
              return;
            }
            chunks.push(c);
          });
          stream.on('error', (e: Error) => reject(new BuildFileError('damaged', `cannot read ${name}: ${e.message}`)));
          stream.on('end', () => resolve(Buffer.concat(chunks)));
        });
      });
    },
  };
}
