/**
 * The apps a fresh emulator starts with, and their past: created, reviewed, sometimes
 * modified, one launched mid-history, one deleted, plus one app in each of the statuses
 * pending, reviewing and rejected. The events are replayed through the AppsStore in time
 * order, so versions and activities come out exactly as if the calls had been made.
 */
import type { AppPlatform, Capability } from '../../shared/platform/domain';
import type { PlatformApp } from '../../shared/platform/schemas';
import { startOfShanghaiDay } from '../../shared/time/shanghai';
import { APP_CATALOG, REJECT_REASONS, type CatalogEntry } from '../data/app-catalog';
import { SEEDED_RSA_PUBLIC_KEYS } from '../data/seeded-rsa-keys';
import { domainKey, Rng, shuffled } from '../random/prng';
import type { AppCreateInput } from '../state/app-validation';
import type { AppsStore } from '../state/apps-store';
import { hex8 } from '../state/ids';
import { DAY_MS } from './diurnal';

const HOUR = 3_600_000;
const MINUTE = 60_000;

/** An app that carries traffic in the generated history. */
export interface TrafficApp {
  index: number;
  id: string;
  appId: string;
  platform: AppPlatform;
  capabilities: Capability[];
  /** Share of its calls that are number verification (0 when it only logs in, 1 when it only verifies). */
  verifyShare: number;
  /** Relative popularity. */
  weight: number;
  /** History days [activeFrom, activeTo) on which it has traffic. */
  activeFrom: number;
  activeTo: number;
  /** Its servers' egress addresses: the clientIp of its records. */
  serverIps: string[];
}

export interface SeededApps {
  traffic: TrafficApp[];
}

interface Event {
  at: number;
  order: number;
  run(): void;
}

export interface SeedTimeline {
  seed: number;
  /** First history day. */
  start: string;
  days: number;
  trafficApps: number;
  /** End of history (≤ the start instant of the emulator): every seeded event happens before it. */
  endMs: number;
}

function appBody(entry: CatalogEntry, name: string, platform: AppPlatform, k: number, rng: Rng, capabilities: Capability[]): AppCreateInput {
  const rsa = k % 3 === 2;
  const ipA = `203.0.113.${(10 + 4 * k) % 250}`;
  const ipB = `203.0.113.${(11 + 4 * k) % 250}`;
  return {
    name,
    platform,
    description: entry.description,
    logo: null,
    packageName: platform === 'android' ? `com.${entry.slug}.app` : null,
    packageSignature: platform === 'android' ? (hex8(rng.u32()) + hex8(rng.u32()) + hex8(rng.u32()) + hex8(rng.u32())).toUpperCase() : null,
    bundleId: platform === 'ios' ? `com.${entry.slug}.ios` : null,
    origins: platform === 'h5' ? [`https://m.${entry.slug}.example`, `https://www.${entry.slug}.example`] : [],
    // Loopback is whitelisted so the sandbox and gateway can be tried against seeded apps from this machine.
    ipWhitelist: [ipA, ipB, `198.51.100.${(16 * k) % 256}/28`, '127.0.0.1', '::1'],
    encryption: rsa ? 'RSA' : 'MD5',
    rsaPublicKey: rsa ? SEEDED_RSA_PUBLIC_KEYS[k % SEEDED_RSA_PUBLIC_KEYS.length]! : null,
    capabilities,
  };
}

const TRAFFIC_PLATFORMS: readonly AppPlatform[] = ['android', 'ios', 'android', 'h5', 'ios', 'android'];
const CAPABILITY_PATTERN: readonly Capability[][] = [['login', 'verify'], ['login'], ['login', 'verify'], ['login'], ['verify'], ['login']];

/** Replays the seeded history of apps into the store and describes the apps that carry traffic. */
export function seedApps(store: AppsStore, t: SeedTimeline): SeededApps {
  const rng = new Rng(domainKey(t.seed, 'apps'));
  const S = startOfShanghaiDay(t.start);
  // Whole minutes, like the rest of the seeded timeline.
  const E = Math.floor(t.endMs / MINUTE) * MINUTE;
  const D = t.days;
  const N = t.trafficApps;
  const names = shuffled(APP_CATALOG, rng.reset(0));
  const entryAt = (i: number): { entry: CatalogEntry; name: string } => {
    const entry = names[i % names.length]!;
    const round = Math.floor(i / names.length);
    return { entry, name: round === 0 ? entry.name : `${entry.name}${round + 1}` };
  };

  const events: Event[] = [];
  let order = 0;
  const at = (ms: number, run: () => void) => events.push({ at: ms, order: order++, run });
  const dayAt = (d: number, hour: number, minute: number) => S + d * DAY_MS + hour * HOUR + minute * MINUTE;

  const lateLaunch = N >= 3 && D >= 6 ? N - 2 : -1;
  const deletedIdx = N >= 4 && D >= 6 ? N - 1 : -1;
  const ids: (string | undefined)[] = [];
  const traffic: Omit<TrafficApp, 'id' | 'appId'>[] = [];

  for (let k = 0; k < N; k++) {
    const r = rng.reset(100 + k);
    const { entry, name } = entryAt(k);
    const platform = TRAFFIC_PLATFORMS[k % TRAFFIC_PLATFORMS.length]!;
    const capabilities = CAPABILITY_PATTERN[k % CAPABILITY_PATTERN.length]!;
    const body = appBody(entry, name, platform, k, r, capabilities);
    let created: number;
    let activeFrom = 0;
    let activeTo = D;
    if (k === lateLaunch) {
      const d = Math.floor(D / 3);
      created = dayAt(d, 10, r.int(120));
      activeFrom = d + 2;
    } else {
      created = S - (14 + 9 * k) * DAY_MS + 9 * HOUR + r.int(300) * MINUTE;
    }
    const reviewStart = created + HOUR + r.int(120) * MINUTE;
    const approved = reviewStart + 20 * HOUR + r.int(8 * 60) * MINUTE;
    at(created, () => (ids[k] = store.createChecked(body, created).id));
    at(reviewStart, () => store.review(ids[k]!, 'start', undefined, reviewStart));
    at(approved, () => store.review(ids[k]!, 'approve', undefined, approved));
    if (k % 3 === 1 && D >= 4 && k !== deletedIdx && k !== lateLaunch) {
      const when = dayAt(Math.floor(D / 2), 16, r.int(120));
      const extra = `203.0.113.${(12 + 4 * k) % 250}`;
      at(when, () => store.modify(ids[k]!, { ipWhitelist: [...body.ipWhitelist, extra] }, when));
    }
    if (k === deletedIdx) {
      const d = Math.floor((2 * D) / 3);
      const when = dayAt(d, 15, r.int(120));
      at(when, () => store.remove(ids[k]!, when));
      activeTo = d;
    }
    traffic.push({
      index: k,
      platform,
      capabilities,
      verifyShare: capabilities.includes('verify') ? (capabilities.includes('login') ? 0.2 + 0.2 * r.float() : 1) : 0,
      weight: (1 / Math.pow(k + 1, 0.8)) * (0.8 + 0.4 * r.float()),
      activeFrom,
      activeTo,
      serverIps: body.ipWhitelist.filter((ip) => ip.startsWith('203.0.113.')),
    });
  }

  // One app in each remaining status, shortly before the end of history.
  const statusApps: { status: 'rejected' | 'reviewing' | 'pending'; platform: AppPlatform }[] = [
    { status: 'rejected', platform: 'android' },
    { status: 'reviewing', platform: 'ios' },
    { status: 'pending', platform: 'android' },
  ];
  statusApps.forEach(({ status, platform }, j) => {
    const k = N + j;
    const r = rng.reset(100 + k);
    const { entry, name } = entryAt(k);
    const body = appBody(entry, name, platform, k, r, ['login']);
    let idx: string | undefined;
    if (status === 'rejected') {
      const created = E - 4 * DAY_MS + r.int(120) * MINUTE;
      const reviewStart = created + 2 * HOUR;
      const rejected = reviewStart + 22 * HOUR;
      const reason = REJECT_REASONS[r.int(REJECT_REASONS.length)]!;
      at(created, () => (idx = store.createChecked(body, created).id));
      at(reviewStart, () => store.review(idx!, 'start', undefined, reviewStart));
      at(rejected, () => store.review(idx!, 'reject', reason, rejected));
    } else if (status === 'reviewing') {
      const created = E - 30 * HOUR + r.int(60) * MINUTE;
      const reviewStart = E - 26 * HOUR + r.int(60) * MINUTE;
      at(created, () => (idx = store.createChecked(body, created).id));
      at(reviewStart, () => store.review(idx!, 'start', undefined, reviewStart));
    } else {
      const created = E - 5 * HOUR + r.int(60) * MINUTE;
      at(created, () => store.createChecked(body, created));
    }
  });

  events.sort((a, b) => a.at - b.at || a.order - b.order);
  for (const e of events) e.run();

  return {
    traffic: traffic.map((t0) => {
      const app = store.get(ids[t0.index]!) as PlatformApp;
      return { ...t0, id: app.id, appId: app.appId! };
    }),
  };
}
