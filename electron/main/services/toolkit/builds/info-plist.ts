/**
 * The bundle id from an IPA's Info.plist, which Xcode writes binary ("bplist00", read with bplist-parser)
 * and other tools write as XML (read with plist).
 */
import * as bplist from 'bplist-parser';
import { parse as parsePlist } from 'plist';
import { damaged } from './errors';

export function plistBundleId(body: Buffer): string | null {
  let root: unknown;
  try {
    if (body.subarray(0, 8).toString('latin1') === 'bplist00') root = bplist.parseBuffer(body)[0];
    else root = parsePlist(body.toString('utf8'));
  } catch (e) {
    throw damaged(`Info.plist cannot be read (${e instanceof Error ? e.message : String(e)})`);
  }
  if (!root || typeof root !== 'object' || Array.isArray(root)) throw damaged('Info.plist is not a dictionary');
  const id = (root as Record<string, unknown>)['CFBundleIdentifier'];
  return typeof id === 'string' ? id : null;
}
