import { ApiError } from '../../../../shared/contract/errors';
import { parseIsoInstant, startOfShanghaiDay } from '../../../../shared/time/shanghai';
import { extension, type ServiceContext } from '../core/context';
import type { Handlers } from '../core/dispatch';
import { workspaceDb } from '../workspaces/active';
import { episodesRepo } from './episodes-repo';
import { checkedParams, rulesRepo } from './rules-repo';
import { ALERTS_EXTENSION, type AlertsService } from './service';

const service = (ctx: ServiceContext) => extension<AlertsService>(ctx, ALERTS_EXTENSION);

type AlertsHandlers = Pick<
  Handlers,
  | 'alerts.check'
  | 'alerts.inbox'
  | 'alerts.history'
  | 'alerts.acknowledge'
  | 'alerts.snooze'
  | 'alerts.rules'
  | 'alerts.ruleSet'
  | 'alerts.channels'
  | 'alerts.channelAdd'
  | 'alerts.channelRemove'
  | 'alerts.channelTest'
>;

export const alertsHandlers: AlertsHandlers = {
  'alerts.check': async (ctx) => {
    const s = service(ctx);
    const out = s.check();
    // The CLI exits right after: let the robots hear about what fired (bounded, retries included).
    if (ctx.mode === 'cli') await s.flush();
    return out;
  },
  'alerts.inbox': (ctx, input) => {
    const repo = episodesRepo(workspaceDb(ctx));
    const now = ctx.clock.now();
    return { ...repo.inbox(input, now), counts: repo.counts(now) };
  },
  'alerts.history': (ctx, input) => {
    let since = 0;
    if (input.since !== undefined) {
      since = /^\d{4}-\d{2}-\d{2}$/.test(input.since) ? startOfShanghaiDay(input.since) : parseIsoInstant(input.since);
      if (!Number.isFinite(since)) throw new ApiError('INVALID_INPUT', 'since: not a valid date or instant', { fields: { since: 'invalid' } });
    }
    return { events: episodesRepo(workspaceDb(ctx)).events(since) };
  },
  'alerts.acknowledge': (ctx, input) => service(ctx).acknowledge(input.id),
  'alerts.snooze': (ctx, input) => service(ctx).snooze(input.id, input.minutes),
  'alerts.rules': (ctx) => ({ items: rulesRepo(workspaceDb(ctx)).all() }),
  'alerts.ruleSet': (ctx, input) => {
    const current = rulesRepo(workspaceDb(ctx)).get(input.rule);
    const next = {
      ...current,
      ...(input.enabled !== undefined ? { enabled: input.enabled } : {}),
      ...(input.scope !== undefined ? { scope: input.scope } : {}),
      ...(input.quietHours !== undefined ? { quietHours: input.quietHours } : {}),
      ...(input.channels !== undefined ? { channels: [...new Set(input.channels)] } : {}),
      ...(input.repeatMinutes !== undefined ? { repeatMinutes: input.repeatMinutes } : {}),
      ...(input.resolveAfterMinutes !== undefined ? { resolveAfterMinutes: input.resolveAfterMinutes } : {}),
      params: checkedParams(input.rule, { ...current.params, ...(input.params ?? {}) }),
    };
    return service(ctx).setRule(next);
  },
  'alerts.channels': (ctx) => ({ items: service(ctx).channels() }),
  'alerts.channelAdd': (ctx, input) => service(ctx).addChannel(input),
  'alerts.channelRemove': (ctx, input) => ({ removed: service(ctx).removeChannel(input.name) }),
  'alerts.channelTest': (ctx, input, signal) => service(ctx).testChannel(input.name, signal),
};
