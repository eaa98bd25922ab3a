/**
 * One emulated platform: the seeded apps, the generated history, the live feed, finance and
 * the gateway, wired together from a resolved configuration. No I/O here; server/ puts HTTP
 * in front of it.
 */
import { MsgIdGuard } from './gateway/msgid-guard';
import { startOfShanghaiDay } from '../shared/time/shanghai';
import { planDrift } from './billing/drift';
import { HistoryAggregates } from './billing/history-aggregates';
import { Ledger } from './billing/ledger';
import { FaultInjector } from './faults/injector';
import { Feed } from './feed/feed';
import { LiveAggregates } from './feed/live-aggregates';
import { RatePump } from './feed/rate-pump';
import { DiurnalPump } from './feed/diurnal-pump';
import type { GatewayContext } from './gateway/context';
import { TokenStore } from './gateway/tokens';
import { DAY_MS } from './history/diurnal';
import { HistoryPlan } from './history/plan';
import { RecordGenerator } from './history/record-gen';
import { seedApps, type TrafficApp } from './history/seeded-apps';
import { accountName, emulatorKeys, type EmulatorKey } from './keys';
import type { EmulatorConfig } from './options';
import { AppsStore } from './state/apps-store';
import { IdIssuer } from './state/ids';

export class EmulatedPlatform {
  readonly keys: EmulatorKey[];
  readonly account: string;
  readonly store: AppsStore;
  readonly traffic: readonly TrafficApp[];
  readonly plan: HistoryPlan;
  readonly feed: Feed;
  readonly ledger: Ledger;
  readonly tokens: TokenStore;
  readonly faults: FaultInjector;
  readonly gateway: GatewayContext;
  private readonly pump: { pump(now: number): void };

  constructor(readonly config: EmulatorConfig) {
    const { seed } = config;
    this.keys = emulatorKeys(seed);
    this.account = accountName(seed);
    const appIds = new IdIssuer(seed, 'app-ids');
    this.store = new AppsStore(appIds);
    const endMs = Math.min(startOfShanghaiDay(config.start) + config.days * DAY_MS, config.startedAt);
    const seeded = seedApps(this.store, { seed, start: config.start, days: config.days, trafficApps: config.apps, endMs });
    this.traffic = seeded.traffic;
    this.plan = new HistoryPlan({ seed, start: config.start, days: config.days, daily: config.daily, cutMs: config.startedAt, apps: this.traffic });
    const scenario = { incidents: config.incidents, volumeDrops: config.volumeDrops };
    const gen = new RecordGenerator(seed, this.plan, this.traffic, scenario);
    const live = new LiveAggregates();
    this.feed = new Feed(
      seed,
      this.plan,
      gen,
      this.traffic,
      live,
      { perSecond: config.rate === 'diurnal' ? 0 : config.rate, startMs: config.startedAt },
      config.pageCacheBytes,
    );
    // Aggregation has its own generator: it may run between a page's records without disturbing them.
    const hist = new HistoryAggregates(this.plan, new RecordGenerator(seed, this.plan, this.traffic, scenario));
    this.ledger = new Ledger(seed, this.plan, hist, live, planDrift(seed, this.plan, config.drift));
    if (config.packageLeft !== null) this.ledger.setTrialLeft(config.packageLeft, config.startedAt);
    this.pump =
      config.rate === 'diurnal'
        ? new DiurnalPump(this.feed, this.plan, config.startedAt)
        : new RatePump(this.feed, config.rate, config.startedAt, this.traffic, this.store);
    this.tokens = new TokenStore(new IdIssuer(seed, 'tokens'));
    this.faults = new FaultInjector(seed, config.faults);
    this.gateway = {
      store: this.store,
      tokens: this.tokens,
      msgids: new MsgIdGuard(),
      feed: this.feed,
      ids: new IdIssuer(seed, 'gateway-records'),
      now: () => this.now(),
      beforeAppend: () => this.catchUp(),
    };
  }

  now(): number {
    return this.config.now();
  }

  /** Brings live traffic up to the clock. */
  catchUp(): void {
    this.pump.pump(this.now());
  }
}
