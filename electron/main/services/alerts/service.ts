/**
 * The alerts area at run time: evaluates the active workspace's rules after every sync and on
 * a timer, turns findings into episodes, and tells people — a desktop notification (Electron;
 * the renderer does it with the browser's Notification API in browser mode, from the
 * alerts.changed event) and the rule's chat-robot channels, delivered on their own promises
 * with retries so nothing (sync least of all) waits for a robot.
 */
import { localDetail } from '../../../../shared/alerts/detail-text';
import { ApiError } from '../../../../shared/contract/errors';
import type { Alert, AlertsCheck, Channel, ChannelTestResult, RuleConfig } from '../../../../shared/contract/alerts';
import { channelSecretEnv } from '../../../../shared/alerts/channel-secret-env';
import { DIGEST_FROM, type Told } from '../../../../shared/alerts/digest';
import { eventTitles, ruleTitles } from '../../../../shared/alerts/rule-titles';
import { toShanghaiIso } from '../../../../shared/time/shanghai';
import { desktopCapability } from '../core/capabilities';
import { KEY_FILE_PREFIX, keyFileSealer, type KeyFileSealer } from '../core/key-file-sealer';
import { ServiceKey, type ServiceContext } from '../core/context';
import type { Db } from '../db/open';
import { settingsRepo } from '../settings/settings-repo';
import { activeWorkspace } from '../workspaces/active';
import { channelsRepo, type ChannelRow } from './channels/channels-repo';
import { maskUrl, type RobotMessage } from './channels/robots';
import { digestMessage, digestNotice } from './digest';
import { DEFAULT_DELIVERY_POLICY, sendWithRetry, type DeliveryPolicy } from './channels/send';
import { episodesRepo, openedAlert } from './episodes-repo';
import { reconcile, type Notice } from './episodes';
import { SLOT_MS } from '../store/slot-rollups-repo';
import { ACCOUNT_CACHE_PREFIX, evaluateRules, prepareRules } from './evaluate';
import { RollupCache } from './rollup-query';
import { rulesRepo } from './rules-repo';

export const ALERTS_EXTENSION = new ServiceKey<AlertsService>('alerts');
/** Where the CLI takes a channel's secret it cannot open (one definition: shared/alerts). */
export { channelSecretEnv };

/** What a channel's sealed secret is bound to: a value copied to another channel's row does not open. */
const channelPurpose = (name: string) => `alert-channel:${name}`;

/** How often the timer re-evaluates (also catches quiet hours ending, repeats and staleness). */
export const ALERTS_TICK_MS = 60_000;

export interface AlertsServiceOptions {
  tickMs?: number;
  delivery?: Partial<DeliveryPolicy>;
  /** Channel secrets from outside the store (the CLI: ONETAP_ALERT_SECRET_<NAME>), used when none is kept. */
  secretFor?: (channel: string) => string | undefined;
  /**
   * False: evaluate and record, but send nothing to the channels (a team store read through a
   * throwaway working copy remembers no earlier firing, so it would announce every open alert again).
   */
  notify?: boolean;
}

export interface EvaluateResult {
  counts: { open: number; attention: number };
  fired: Alert[];
}

/** A notice's title (a robot message's and a desktop notification's): what happened, to which rule. */
function noticeTitle(alert: Alert, kind: Notice['kind'] | 'test', locale: 'zh-CN' | 'en-US'): string {
  return `[${eventTitles[locale][kind]}] ${ruleTitles[locale][alert.rule]}`;
}

export class AlertsService {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly abort = new AbortController();
  /** Channel secrets given in a session whose secret store cannot persist them. */
  private readonly sessionSecrets = new Map<string, string>();
  private readonly policy: DeliveryPolicy;
  /** Past days' rollups between evaluations, per workspace database. */
  private readonly caches = new WeakMap<Db, RollupCache>();
  /** Seals channel secrets outside Electron (CLI, browser mode); opens them in every mode. */
  private readonly localSealer: KeyFileSealer;

  constructor(
    private readonly ctx: ServiceContext,
    private readonly opts: AlertsServiceOptions = {},
  ) {
    this.policy = { ...DEFAULT_DELIVERY_POLICY, ...opts.delivery };
    this.localSealer = keyFileSealer(ctx.dataDir);
  }

  private locale(): 'zh-CN' | 'en-US' {
    try {
      return settingsRepo(this.ctx.consoleDb).read().locale;
    } catch {
      return 'zh-CN';
    }
  }

  /**
   * Evaluates every enabled rule of the active workspace now. After a sync run it is
   * incremental (the traffic rules look at the cells that got records); the timer, a rule
   * change and `check` make a full pass.
   */
  evaluate(opts: { incremental?: boolean; readAhead?: boolean } = {}): EvaluateResult {
    const ws = activeWorkspace(this.ctx);
    const now = this.ctx.clock.now();
    const configs = rulesRepo(ws.db).all();
    let cache = this.caches.get(ws.db);
    if (!cache) this.caches.set(ws.db, (cache = new RollupCache()));
    const evaluation = evaluateRules(ws.db, configs, now, cache, { incremental: opts.incremental ?? false });
    const rec = reconcile(ws.db, configs, evaluation, now, { lazyNumbers: opts.incremental ?? false });
    const repo = episodesRepo(ws.db);
    // The notices' alerts in one read however many there are (a page may open a hundred episodes);
    // those of episodes just opened as they were written.
    const ids = rec.notices.map((n) => n.alertId);
    let alerts = repo.alerts(ids, new Map(rec.openedRows.map((r) => [r.alert_id, openedAlert(r)])));
    // Each alert shows the deliveries just recorded for it (pending, or failed at once), as a read would.
    if (this.opts.notify !== false) {
      const recorded = this.deliver(ws.db, rec.notices, alerts, now);
      if (recorded.size) alerts = alerts.map((a) => (a && recorded.has(a.id) ? { ...a, deliveries: [...a.deliveries, ...recorded.get(a.id)!] } : a));
    }
    const fired = rec.notices.flatMap((n, i) => (n.kind !== 'resolved' ? [alerts[i]!] : []));
    const counts = repo.counts(now);
    if (rec.opened.length || rec.resolved.length || rec.notices.length) this.ctx.events.emit('alerts.changed', { counts, fired });
    // The next ten-minute slot's windows and baselines, read now rather than by the sync page that reaches it.
    if (opts.readAhead) prepareRules(ws.db, configs, now, Math.floor(now / SLOT_MS) * SLOT_MS + SLOT_MS, cache);
    return { counts, fired };
  }

  check(): AlertsCheck {
    this.evaluate();
    const ws = activeWorkspace(this.ctx);
    const open = episodesRepo(ws.db)
      .open()
      .sort((a, b) => a.started_at - b.started_at || a.alert_id - b.alert_id);
    return {
      open: open.map((r) => {
        const scope = JSON.parse(r.scope) as AlertsCheck['open'][number]['scope'];
        return {
          rule: r.rule,
          scope: {
            ...(scope.app ? { app: scope.app } : {}),
            ...(scope.operator ? { operator: scope.operator } : {}),
            ...(scope.capability ? { capability: scope.capability } : {}),
          },
          since: toShanghaiIso(r.started_at),
          detail: r.detail,
        };
      }),
    };
  }

  /**
   * A sync run ended: what it brought (packages, apps) is read afresh by the evaluation after it,
   * the month's bill by the timer's next full pass (within a minute: no run waits for the bill),
   * and the evaluation runs after the run has returned, never inside it.
   */
  syncEnded(): void {
    try {
      this.caches.get(activeWorkspace(this.ctx).db)?.expire(ACCOUNT_CACHE_PREFIX);
    } catch {
      // No active workspace: nothing cached for it either.
    }
    this.afterSync({ incremental: true });
  }

  /**
   * A team workspace has a new working copy with the writer's new data (team-store/team-workspace.ts):
   * what a sync's end is for a local workspace. The evaluation is a full one: the copy is a new
   * database, loaded whole, so no rollup journal tells what the writer added (the per-database
   * cache starts empty). Its episodes live in the console's local file and carry on: only what
   * newly fires is announced.
   */
  teamDataArrived(): void {
    this.afterSync({ readAhead: true });
  }

  /** Evaluates on a later turn of the event loop (timer ticks, rule changes, sync runs). */
  afterSync(opts: { incremental?: boolean; readAhead?: boolean } = {}): void {
    const t = setImmediate(() => {
      try {
        this.evaluate(opts);
      } catch {
        // No active workspace (switching) or a closed database: the timer tries again.
      }
    });
    t.unref?.();
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => this.afterSync({ readAhead: true }), this.opts.tickMs ?? ALERTS_TICK_MS);
    this.timer.unref?.();
  }

  /** Waits (at most `ms`) for deliveries in flight: the CLI's exit, tests. */
  async flush(ms = 30_000): Promise<void> {
    let t: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([Promise.allSettled([...this.inflight]), new Promise<void>((r) => (t = setTimeout(r, ms)))]);
    clearTimeout(t);
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.abort.abort();
    await Promise.allSettled([...this.inflight]);
  }

  // ——— notifications ———

  private message(alert: Alert, kind: Notice['kind'] | 'test', locale: 'zh-CN' | 'en-US'): RobotMessage {
    const title = noticeTitle(alert, kind, locale);
    const lines = [localDetail(locale, alert), `${locale === 'zh-CN' ? '开始于' : 'since'} ${toShanghaiIso(alert.since).slice(0, 16).replace('T', ' ')}`];
    if (kind === 'resolved' && alert.durationMs !== null)
      lines.push(`${locale === 'zh-CN' ? '持续' : 'lasted'} ${Math.max(1, Math.round(alert.durationMs / 60_000))} min`);
    return {
      title,
      lines,
      data: {
        event: kind,
        alert: {
          id: alert.id,
          rule: alert.rule,
          scope: alert.scope,
          subject: alert.subject,
          since: toShanghaiIso(alert.since),
          resolvedAt: alert.resolvedAt === null ? null : toShanghaiIso(alert.resolvedAt),
          detail: alert.detail,
          numbers: alert.numbers,
          topCodes: alert.topCodes,
        },
      },
    };
  }

  /**
   * Tells the notices' alerts (`alerts`: theirs, in order): a desktop notification each and a
   * message each to their channels, or from DIGEST_FROM of them one digest (digest.ts) for the
   * desktop and for each channel. Returns the channel deliveries recorded, by alert id, in their order.
   */
  private deliver(db: Db, notices: readonly Notice[], alerts: readonly (Alert | null)[], now: number): Map<number, Alert['deliveries']> {
    const recorded = new Map<number, Alert['deliveries']>();
    const told: (Told & { channels: readonly string[] })[] = [];
    notices.forEach((n, i) => {
      const alert = alerts[i];
      if (alert) told.push({ kind: n.kind, alert, channels: n.channels });
    });
    if (!told.length) return recorded;
    const locale = this.locale();
    const notify = desktopCapability(this.ctx, 'notify');
    if (notify) {
      const shown = told.filter((x) => x.kind !== 'resolved');
      const show = (title: string, body: string, id: number, link: Alert['link']) => {
        try {
          notify({ title, body, onClick: () => this.ctx.events.emit('alerts.open', { id, link }) });
        } catch {
          // A desktop without notifications still has the inbox.
        }
      };
      if (shown.length >= DIGEST_FROM) {
        const d = digestNotice(shown, locale);
        show(d.title, d.body, d.top.id, { view: 'alerts', query: {} });
      } else for (const x of shown) show(noticeTitle(x.alert, x.kind, locale), localDetail(locale, x.alert).slice(0, 500), x.alert.id, x.alert.link);
    }
    // Per channel, in the order the notices name them (each channel's row and secret read once).
    const byChannel = new Map<string, Told[]>();
    for (const x of told)
      for (const name of x.channels) {
        const list = byChannel.get(name);
        if (list) list.push(x);
        else byChannel.set(name, [x]);
      }
    if (!byChannel.size) return recorded;
    const repo = episodesRepo(db);
    const channels = channelsRepo(this.ctx.consoleDb);
    const record = (id: number, d: Alert['deliveries'][number]) => {
      const list = recorded.get(id);
      if (list) list.push(d);
      else recorded.set(id, [d]);
    };
    /** The messages to send: one per notice, or one digest for all of a channel's. */
    const sends: { channel: ChannelRow; secret: string | null; msg: RobotMessage; deliveryIds: number[] }[] = [];
    // The deliveries' rows in one transaction, however many (a hundred alerts, several channels).
    db.transaction(() => {
      for (const [name, items] of byChannel) {
        const deliveryIds = items.map((x) => repo.addDelivery(x.alert.id, name, x.kind, now));
        const row = channels.get(name);
        const secret = row ? this.secretOf(row) : null;
        if (!row || (row.hasSecret && secret === null)) {
          const error = row ? 'the channel secret is not available in this session' : `no channel named ${name}`;
          items.forEach((x, j) => {
            repo.updateDelivery(deliveryIds[j]!, 'failed', 0, error, now);
            record(x.alert.id, { channel: name, event: x.kind, status: 'failed', attempts: 0, error, at: now });
          });
          continue;
        }
        for (const x of items) record(x.alert.id, { channel: name, event: x.kind, status: 'pending', attempts: 0, error: null, at: now });
        if (items.length >= DIGEST_FROM) sends.push({ channel: row, secret, msg: digestMessage(items, locale), deliveryIds });
        else items.forEach((x, j) => sends.push({ channel: row, secret, msg: this.message(x.alert, x.kind, locale), deliveryIds: [deliveryIds[j]!] }));
      }
    })();
    for (const { channel, secret, msg, deliveryIds } of sends) {
      const p = sendWithRetry({ kind: channel.kind, url: channel.url, secret }, msg, this.policy, () => this.ctx.clock.now(), this.abort.signal)
        .then((r) => {
          try {
            const at = this.ctx.clock.now();
            db.transaction(() => {
              for (const id of deliveryIds) repo.updateDelivery(id, r.ok ? 'sent' : 'failed', r.attempts, r.error, at);
            })();
            this.ctx.events.emit('alerts.changed', { counts: repo.counts(at), fired: [] });
          } catch {
            // The workspace was closed meanwhile: the delivery stays 'pending' in its file.
          }
        })
        .finally(() => this.inflight.delete(p));
      this.inflight.add(p);
    }
    return recorded;
  }

  // ——— channels (console-wide) ———

  private secretOf(row: ChannelRow): string | null {
    if (!row.hasSecret) return null;
    if (row.secretSealed) {
      try {
        return row.secretSealed.startsWith(KEY_FILE_PREFIX)
          ? this.localSealer.unseal(row.secretSealed, channelPurpose(row.name))
          : this.ctx.secrets.unseal(row.secretSealed);
      } catch {
        // Sealed by a store this session cannot open (the CLI reading a channel the desktop app
        // sealed with the keychain): the session's copy or the environment may have it.
      }
    }
    return this.sessionSecrets.get(row.name) ?? this.opts.secretFor?.(row.name) ?? null;
  }

  private toChannel(row: ChannelRow): Channel {
    return {
      name: row.name,
      kind: row.kind,
      url: maskUrl(row.url),
      hasSecret: row.hasSecret,
      secretStored: row.secretSealed !== null,
      secretAvailable: !row.hasSecret || this.secretOf(row) !== null,
      createdAt: row.createdAt,
    };
  }

  channels(): Channel[] {
    return channelsRepo(this.ctx.consoleDb)
      .all()
      .map((r) => this.toChannel(r));
  }

  addChannel(input: { kind: ChannelRow['kind']; url: string; secret?: string | undefined; name?: string | undefined }): Channel {
    const repo = channelsRepo(this.ctx.consoleDb);
    const now = this.ctx.clock.now();
    const name = input.name ?? this.freeName(input.kind);
    const before = repo.get(name);
    const sealed = input.secret !== undefined ? this.sealSecret(name, input.secret) : null;
    if (input.secret !== undefined && sealed === null) this.sessionSecrets.set(name, input.secret);
    else this.sessionSecrets.delete(name);
    const row: ChannelRow = {
      name,
      kind: input.kind,
      url: input.url,
      hasSecret: input.secret !== undefined,
      secretSealed: sealed,
      createdAt: before?.createdAt ?? now,
    };
    repo.put(row, now);
    return this.toChannel(row);
  }

  /**
   * A channel secret sealed for the store, or null when it can only be kept for this session.
   * The desktop app seals with the OS keychain (safeStorage) and, where there is none (Linux
   * basic_text), keeps it for the session as it does platform secrets. The CLI and browser mode
   * have no keychain from Node: they seal with the console's key file, so a channel added by one
   * `onetap` process can be tested or used by the next.
   */
  private sealSecret(name: string, secret: string): string | null {
    if (this.ctx.secrets.persistent) return this.ctx.secrets.seal(secret);
    if (this.ctx.mode === 'electron') return null;
    try {
      return this.localSealer.seal(secret, channelPurpose(name));
    } catch {
      // No writable data folder (an in-memory console): session only.
      return null;
    }
  }

  private freeName(kind: string): string {
    const taken = new Set(
      channelsRepo(this.ctx.consoleDb)
        .all()
        .map((c) => c.name),
    );
    for (let i = 1; ; i++) if (!taken.has(`${kind}-${i}`)) return `${kind}-${i}`;
  }

  removeChannel(name: string): boolean {
    this.sessionSecrets.delete(name);
    return channelsRepo(this.ctx.consoleDb).remove(name);
  }

  async testChannel(name: string, signal?: AbortSignal): Promise<ChannelTestResult> {
    const row = channelsRepo(this.ctx.consoleDb).get(name);
    if (!row) throw new ApiError('NOT_FOUND', `no channel named ${name}`);
    const secret = this.secretOf(row);
    if (row.hasSecret && secret === null)
      throw new ApiError(
        'VALIDATION_FAILED',
        `the secret of channel ${name} cannot be opened here (it was kept by the desktop app's OS keychain, or for its session only): add the channel again, or set ${channelSecretEnv(name)} for the CLI`,
      );
    const locale = this.locale();
    const now = this.ctx.clock.now();
    const title = `[${eventTitles[locale].test}] onetap-console`;
    const line =
      locale === 'zh-CN'
        ? `渠道「${name}」的测试消息，发送于 ${toShanghaiIso(now).slice(0, 19).replace('T', ' ')}`
        : `Test message for channel "${name}", sent ${toShanghaiIso(now).slice(0, 19).replace('T', ' ')}`;
    const r = await sendWithRetry(
      { kind: row.kind, url: row.url, secret },
      { title, lines: [line], data: { event: 'test', channel: name } },
      this.policy,
      () => this.ctx.clock.now(),
      signal,
    );
    return { ok: r.ok, attempts: r.attempts, status: r.status, error: r.error, ms: r.ms };
  }

  // ——— inbox ———

  acknowledge(id: number): Alert {
    const ws = activeWorkspace(this.ctx);
    const repo = episodesRepo(ws.db);
    if (!repo.acknowledge(id, this.ctx.clock.now())) throw new ApiError('NOT_FOUND', `no alert ${id}`);
    this.emitCounts(ws.db);
    return repo.alert(id)!;
  }

  snooze(id: number, minutes: number): Alert {
    const ws = activeWorkspace(this.ctx);
    const repo = episodesRepo(ws.db);
    if (!repo.snooze(id, minutes > 0 ? this.ctx.clock.now() + minutes * 60_000 : null)) throw new ApiError('NOT_FOUND', `no alert ${id}`);
    this.emitCounts(ws.db);
    return repo.alert(id)!;
  }

  /** Stores a rule's new configuration and re-evaluates (a tightened threshold shows at once). */
  setRule(config: RuleConfig): RuleConfig {
    const ws = activeWorkspace(this.ctx);
    rulesRepo(ws.db).put(config, this.ctx.clock.now());
    this.afterSync();
    return config;
  }

  private emitCounts(db: Db): void {
    this.ctx.events.emit('alerts.changed', { counts: episodesRepo(db).counts(this.ctx.clock.now()), fired: [] });
  }
}
