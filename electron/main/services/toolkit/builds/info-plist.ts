/**
 * The bundle id from an IPA's Info.plist, which Xcode writes binary ("bplist00", read with bplist-parser)
 * and other tools write as XML (read with plist).
 */
import type * as Bplist from 'bplist-parser';
import { lazyModule } from '../../core/lazy-module';
import { damaged } from './errors';

// Loaded when an IPA is read: plist brings an XML parser and builder that every session would
// otherwise load at start (about a third of `onetap records search`'s start-up CPU). plist is
// ESM only, hence import().
const bplist = lazyModule<typeof Bplist>('bplist-parser');

export async function plistBundleId(body: Buffer): Promise<string | null> {
  let root: unknown;
  try {
    if (body.subarray(0, 8).toString('latin1') === 'bplist00') root = bplist().parseBuffer(body)[0];
    else root = (await import('plist')).parse(body.toString('utf8'));
  } catch (e) {
    throw damaged(`Info.plist cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw damaged('Info.plist is not a dictionary');
  const id = (root as Record<string, unknown>)['CFBundleIdentifier'];
  return typeof id === 'string' ? id : null;
}
