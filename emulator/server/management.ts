/**
 * The management API (platform-api §1–§3) as a route table: method, path pattern, the roles
 * allowed, and a handler returning a status and a JSON body. Query parameters are checked by
 * hand (the feed is the hot path; zod stays off it); bodies go through the shared schemas.
 */
import type { Role } from '../../shared/platform/domain';
import { reviewActionSchema, type PlatformApp } from '../../shared/platform/schemas';
import { isMonth, toShanghaiIso } from '../../shared/time/shanghai';
import type { EmulatedPlatform } from '../platform';
import type { EmulatorKey } from '../keys';
import { EmulatorError, validationFailed } from './errors';

export interface RouteContext {
  platform: EmulatedPlatform;
  key: EmulatorKey;
  params: string[];
  query: URLSearchParams;
  /** The parsed JSON body (undefined when there is none). */
  body: () => unknown;
}

export interface RouteResult {
  status: number;
  /** The JSON body (the feed hands over bytes it wrote itself). */
  json: string | Buffer;
  /** The SHA-256 (hex) of json's bytes when known (a records page kept by the feed): the signature needs no hashing. */
  sha256?: string;
}

export interface Route {
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE';
  /** The path as documented in emulator/API.md. */
  path: string;
  pattern: RegExp;
  roles: readonly Role[];
  /** Paged listings can be served twice by the dup-page fault. */
  paged?: boolean;
  handle(ctx: RouteContext): RouteResult;
}

const ALL: readonly Role[] = ['admin', 'finance', 'auditor', 'reviewer'];
const ADMIN: readonly Role[] = ['admin'];
const RECORDS: readonly Role[] = ['admin', 'auditor'];
const FINANCE: readonly Role[] = ['admin', 'finance'];

const ok = (value: unknown, status = 200): RouteResult => ({ status, json: JSON.stringify(value) });

/** The AppKey is a shared secret of the gateway schemes: only admins see it. */
function view(app: PlatformApp, key: EmulatorKey): PlatformApp {
  return key.role === 'admin' ? app : { ...app, appKey: null };
}

function single(query: URLSearchParams, name: string): string | undefined {
  const all = query.getAll(name);
  if (all.length > 1) throw new EmulatorError('BAD_REQUEST', `query parameter ${name} is given more than once`, { [name]: 'given more than once' });
  return all[0];
}

function intParam(query: URLSearchParams, name: string, opts: { min: number; max: number; fallback: number }): number {
  const v = single(query, name);
  if (v === undefined) return opts.fallback;
  if (!/^\d{1,16}$/.test(v) || Number(v) < opts.min || Number(v) > opts.max) {
    throw new EmulatorError('BAD_REQUEST', `query parameter ${name} must be a whole number from ${opts.min} to ${opts.max}`, {
      [name]: `must be a whole number from ${opts.min} to ${opts.max}`,
    });
  }
  return Number(v);
}

function monthParam(query: URLSearchParams): string {
  const v = single(query, 'month');
  if (v === undefined || !isMonth(v)) throw new EmulatorError('BAD_REQUEST', 'query parameter month must be YYYY-MM', { month: 'must be YYYY-MM' });
  return v;
}

function appIdParam(ctx: RouteContext): string {
  return ctx.params[0]!;
}

export const routes: readonly Route[] = [
  {
    method: 'GET',
    path: '/v1/whoami',
    pattern: /^\/v1\/whoami$/,
    roles: ALL,
    handle: ({ platform, key }) => ok({ accessKey: key.accessKey, role: key.role, serverTime: toShanghaiIso(platform.now()), account: platform.account }),
  },
  {
    method: 'GET',
    path: '/v1/apps',
    pattern: /^\/v1\/apps$/,
    roles: ALL,
    paged: true,
    handle: ({ platform, key, query }) => {
      const afterVersion = intParam(query, 'afterVersion', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 });
      const limit = intParam(query, 'limit', { min: 1, max: 1000, fallback: 100 });
      const page = platform.store.list(afterVersion, limit);
      return ok({ items: page.items.map((a) => view(a, key)), nextVersion: page.nextVersion, hasMore: page.hasMore });
    },
  },
  {
    method: 'POST',
    path: '/v1/apps',
    pattern: /^\/v1\/apps$/,
    roles: ADMIN,
    handle: ({ platform, key, body }) => ok(view(platform.store.create(body(), platform.now()), key), 201),
  },
  {
    method: 'GET',
    path: '/v1/apps/{id}',
    pattern: /^\/v1\/apps\/([^/]+)$/,
    roles: ALL,
    handle: (ctx) => {
      const app = ctx.platform.store.get(appIdParam(ctx));
      if (!app) throw new EmulatorError('NOT_FOUND', `no app ${JSON.stringify(appIdParam(ctx))}`);
      return ok(view(app, ctx.key));
    },
  },
  {
    method: 'PATCH',
    path: '/v1/apps/{id}',
    pattern: /^\/v1\/apps\/([^/]+)$/,
    roles: ADMIN,
    handle: (ctx) => ok(view(ctx.platform.store.modify(appIdParam(ctx), ctx.body(), ctx.platform.now()), ctx.key)),
  },
  {
    method: 'DELETE',
    path: '/v1/apps/{id}',
    pattern: /^\/v1\/apps\/([^/]+)$/,
    roles: ADMIN,
    handle: (ctx) => ok(view(ctx.platform.store.remove(appIdParam(ctx), ctx.platform.now()), ctx.key)),
  },
  {
    method: 'POST',
    path: '/v1/apps/{id}/review',
    pattern: /^\/v1\/apps\/([^/]+)\/review$/,
    roles: ['reviewer'],
    handle: (ctx) => {
      const r = reviewActionSchema.strict().safeParse(ctx.body());
      if (!r.success) {
        const fields: Record<string, string> = {};
        for (const i of r.error.issues) fields[i.path.length ? i.path.join('.') : '(body)'] ??= i.message;
        throw validationFailed(fields);
      }
      return ok(view(ctx.platform.store.review(appIdParam(ctx), r.data.action, r.data.reason, ctx.platform.now()), ctx.key));
    },
  },
  {
    method: 'GET',
    path: '/v1/activities',
    pattern: /^\/v1\/activities$/,
    roles: RECORDS,
    paged: true,
    handle: ({ platform, query }) => {
      const afterSeq = intParam(query, 'afterSeq', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 });
      const limit = intParam(query, 'limit', { min: 1, max: 1000, fallback: 100 });
      return ok(platform.store.activities(afterSeq, limit));
    },
  },
  {
    method: 'GET',
    path: '/v1/auth-records',
    pattern: /^\/v1\/auth-records$/,
    roles: RECORDS,
    paged: true,
    handle: ({ platform, query }) => {
      const afterSeq = intParam(query, 'afterSeq', { min: 0, max: Number.MAX_SAFE_INTEGER, fallback: 0 });
      const limit = intParam(query, 'limit', { min: 1, max: 5000, fallback: 1000 });
      platform.catchUp();
      const page = platform.feed.page(afterSeq, limit);
      if (page.hasMore) setImmediate(() => platform.feed.prefetch(page.nextSeq, limit));
      return { status: 200, json: page.body, ...(page.sha256 ? { sha256: page.sha256 } : {}) };
    },
  },
  {
    method: 'GET',
    path: '/v1/usage/daily',
    pattern: /^\/v1\/usage\/daily$/,
    roles: FINANCE,
    handle: ({ platform, query }) => {
      const month = monthParam(query);
      platform.catchUp();
      return ok(platform.ledger.usage(month, platform.now()));
    },
  },
  {
    method: 'GET',
    path: '/v1/bills',
    pattern: /^\/v1\/bills$/,
    roles: FINANCE,
    handle: ({ platform, query }) => {
      const month = monthParam(query);
      platform.catchUp();
      return ok(platform.ledger.bill(month, platform.now()));
    },
  },
  {
    method: 'GET',
    path: '/v1/packages',
    pattern: /^\/v1\/packages$/,
    roles: FINANCE,
    handle: ({ platform }) => {
      platform.catchUp();
      return ok(platform.ledger.packages(platform.now()));
    },
  },
  {
    method: 'GET',
    path: '/v1/pricing',
    pattern: /^\/v1\/pricing$/,
    roles: FINANCE,
    handle: ({ platform }) => ok(platform.ledger.pricing()),
  },
];
