/** Shared set-up for the emulator's own tests: a pinned clock and small, fast platforms. */
import { resolveOptions, type EmulatorOptions } from '../options';
import { EmulatedPlatform } from '../platform';
import { manualClock, type ManualClock } from '../clock';
import { authRecordsPageSchema, type PlatformAuthRecord } from '../../shared/platform/schemas';

/** 2026-03-15 12:00 Asia/Shanghai: mid-month, mid-day, so "today" is partly generated. */
export const TEST_NOW = Date.parse('2026-03-15T04:00:00Z');

export function testClock(at = TEST_NOW): ManualClock {
  return manualClock(at);
}

export function testPlatform(opts: EmulatorOptions = {}): EmulatedPlatform {
  return new EmulatedPlatform(resolveOptions({ seed: 11, days: 10, daily: 500, now: testClock().now, ...opts }));
}

/** Every record of the feed, parsed and schema-checked, in pages of `limit`. */
export function allRecords(platform: EmulatedPlatform, limit = 5000): PlatformAuthRecord[] {
  const out: PlatformAuthRecord[] = [];
  let after = 0;
  for (;;) {
    const page = authRecordsPageSchema.parse(JSON.parse(platform.feed.page(after, limit).body.toString('utf8')));
    out.push(...page.items);
    after = page.nextSeq;
    if (!page.hasMore) return out;
  }
}
