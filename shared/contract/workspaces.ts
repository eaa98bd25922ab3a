/**
 * The 'workspaces' area: platform connections, each with its own local database. The secret
 * key goes in (create, update, test) and never comes out: outputs only say whether one is kept.
 */
import * as z from 'zod';
import { defineCall } from './define';
import { demoRoles, roles } from '../platform/domain';
import { providers } from '../providers/capabilities';

const name = z.string().trim().min(1).max(60);
// Kept in the zod-free domain module, so the renderer's header can list them without the schemas.
export { demoRoles, type DemoRole } from '../platform/domain';
const endpoint = z
  .string()
  .trim()
  .max(500)
  .regex(/^https?:\/\/[^\s/?#]+(\/[^\s?#]*)?$/, 'an http(s) URL without query or fragment');
/** Alibaba Cloud: HOST[:PORT] (a URL is accepted and reduced to it). */
const hostPort = z
  .string()
  .trim()
  .max(300)
  .regex(/^(https?:\/\/)?[A-Za-z0-9.-]+(:\d{1,5})?\/?$/, 'HOST[:PORT]');
/** An Alibaba Cloud region id (the workspace's and a connection test's). */
export const aliyunRegion = z
  .string()
  .trim()
  .regex(/^[a-z0-9-]{1,40}$/, 'a region id such as cn-hangzhou');
const accessKey = z.string().trim().min(1).max(128);
const secretKey = z.string().min(1).max(512);

export const workspaceSchema = z.object({
  id: z.string(),
  name: z.string(),
  /** team: a team store on PostgreSQL, read here and synced by the team's writer (never by this console). */
  kind: z.enum(['demo', 'remote', 'team']),
  /** onetap: our platform API; aliyun-dypns: Alibaba Cloud 号码认证服务 through its SDK. */
  provider: z.enum(providers),
  /** What the provider offers (views follow these, not the provider's name). */
  capabilities: z.object({
    records: z.boolean(),
    dailyStatistics: z.boolean(),
    hourlyStatistics: z.boolean(),
    operatorSplit: z.boolean(),
    statements: z.boolean(),
    bills: z.boolean(),
    packages: z.boolean(),
    appCreate: z.boolean(),
    appModify: z.boolean(),
    appDelete: z.boolean(),
    appList: z.boolean(),
    review: z.boolean(),
  }),
  /** aliyun-dypns: http | https; null for onetap (its endpoint is a URL). */
  protocol: z.enum(['http', 'https']).nullable(),
  endpoint: z.string().nullable(),
  accessKey: z.string().nullable(),
  active: z.boolean(),
  /** The secret is sealed on disk (safeStorage) and survives a restart. */
  secretStored: z.boolean(),
  /** A secret is available in this session (sealed, or given in memory / by flags). */
  secretAvailable: z.boolean(),
  /** Role of the key when known (after a test or a sync). */
  role: z.enum(roles).nullable(),
  /** From --endpoint/--access-key/--secret-key or ONETAP_* for this session only. */
  fromFlags: z.boolean(),
  /**
   * The demo platform only: whom the console acts as there (admin, or the demo's reviewer, who
   * reviews apps with the emulator's reviewer key kept in the main process); null elsewhere.
   */
  demoRole: z.enum(demoRoles).nullable(),
  createdAt: z.number().int(),
  updatedAt: z.number().int(),
});
export type Workspace = z.output<typeof workspaceSchema>;

export const workspacesListSchema = z.object({
  items: z.array(workspaceSchema),
  activeId: z.string(),
  secretStorage: z.object({
    kind: z.enum(['safeStorage', 'memory']),
    /** False in browser and CLI mode: secrets last only as long as the process. */
    persistent: z.boolean(),
    /** Why secrets are not persisted (e.g. Linux basic_text backend: the shell refuses to persist), to show loudly. */
    warning: z.string().nullable(),
  }),
});
export type WorkspacesList = z.output<typeof workspacesListSchema>;

export const workspaceTestInputSchema = z
  .object({
    /** Test a saved workspace; fields given here replace its saved ones (e.g. an edited endpoint). */
    id: z.string().min(1).max(64).optional(),
    endpoint: endpoint.optional(),
    accessKey: accessKey.optional(),
    secretKey: secretKey.optional(),
  })
  .strict()
  .refine((v) => v.id !== undefined || (v.endpoint !== undefined && v.accessKey !== undefined && v.secretKey !== undefined), {
    message: 'give a workspace id, or endpoint, accessKey and secretKey',
  });

export const workspaceTestResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    role: z.enum(roles),
    accessKey: z.string(),
    account: z.string(),
    serverTime: z.string(),
    /** Platform clock minus this computer's clock (positive: the platform is ahead). */
    skewMs: z.number().int(),
    latencyMs: z.number().int().nonnegative(),
  }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string(), detail: z.record(z.string(), z.unknown()).optional() }),
  }),
]);
export type WorkspaceTestResult = z.output<typeof workspaceTestResultSchema>;

/** sslmode of a team store connection (prefer/allow are not offered: they fall back to plain text silently). */
export const teamStoreSslModes = ['disable', 'require', 'verify-ca', 'verify-full'] as const;

/**
 * A team store's address: postgresql://USER@HOST[:PORT]/DB (or the socket form
 * postgresql://USER@/DB?host=/run/postgresql). The one schema for it: the password never goes in
 * the URL (it would be shown and stored with it); it is given apart and kept sealed.
 */
export const teamStoreUrlSchema = z
  .string()
  .trim()
  .min(1)
  .max(1000)
  .regex(/^postgres(ql)?:\/\/[^\s]*$/i, 'a postgresql://USER@HOST[:PORT]/DB URL')
  .refine((u) => !/^postgres(?:ql)?:\/\/[^@/?#]*:[^@/?#]*@/i.test(u), 'the URL holds a password: give it in the password field instead');

/** Where a team store is and how to reach it (the password apart from the URL, never returned). */
const teamStoreConnection = {
  url: teamStoreUrlSchema,
  sslMode: z.enum(teamStoreSslModes).optional(),
  /** A CA certificate file (PEM) the server's certificate must chain to (verify-ca / verify-full). */
  caFile: z.string().trim().min(1).max(1000).optional(),
  password: z.string().min(1).max(1000).optional(),
};

export const teamStoreTestResultSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    /** The login role as the store sees it. */
    user: z.string(),
    /** writer: may change the store (runs the team's sync); reader: read-only (finance, auditors, this console). */
    role: z.enum(['writer', 'reader']),
    schemaVersion: z.number().int().nonnegative(),
    /** The schema version this console reads. */
    requiredVersion: z.number().int().positive(),
    /** The store's migrations are exactly this console's (else a reader cannot open it; the writer migrates). */
    migrationsCurrent: z.boolean(),
    serverVersion: z.string(),
    latencyMs: z.number().int().nonnegative(),
  }),
  z.object({
    ok: z.literal(false),
    error: z.object({ code: z.string(), message: z.string() }),
  }),
]);
export type TeamStoreTestResult = z.output<typeof teamStoreTestResultSchema>;

export const workspacesCalls = {
  'workspaces.list': defineCall({
    summary: 'Every workspace (the demo and saved connections), which is active, and how secrets are kept.',
    input: z.object({}).strict().default({}),
    output: workspacesListSchema,
  }),
  'workspaces.create': defineCall({
    summary: 'Save a new platform connection with its own database; optionally switch to it.',
    input: z
      .object({
        name,
        provider: z.enum(providers).default('onetap'),
        /** onetap: the platform URL (required); aliyun-dypns: HOST[:PORT], default dypnsapi.aliyuncs.com. */
        endpoint: z.string().trim().max(500).optional(),
        protocol: z.enum(['http', 'https']).optional(),
        region: aliyunRegion.optional(),
        accessKey,
        secretKey,
        activate: z.boolean().default(false),
      })
      .strict()
      .superRefine((v, ctx) => {
        if (v.provider === 'onetap') {
          if (v.endpoint === undefined) ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'required for an onetap workspace' });
          else if (!endpoint.safeParse(v.endpoint).success)
            ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'an http(s) URL without query or fragment' });
          if (v.protocol !== undefined || v.region !== undefined)
            ctx.addIssue({ code: 'custom', path: ['protocol'], message: 'protocol and region are for aliyun-dypns workspaces' });
        } else if (v.endpoint !== undefined && !hostPort.safeParse(v.endpoint).success) {
          ctx.addIssue({ code: 'custom', path: ['endpoint'], message: 'HOST[:PORT]' });
        }
      }),
    output: workspaceSchema,
  }),
  'workspaces.resolve': defineCall({
    summary: "Find a workspace by id or by name (the command line's --workspace NAME|ID).",
    input: z.object({ nameOrId: z.string().trim().min(1).max(80) }).strict(),
    output: workspaceSchema,
  }),
  'workspaces.update': defineCall({
    summary: 'Change a saved connection (name, endpoint, access key, secret key); the secret only when given.',
    input: z
      .object({
        id: z.string().min(1).max(64),
        name: name.optional(),
        /** onetap: URL; aliyun-dypns: HOST[:PORT] (checked against the workspace's provider). */
        endpoint: z.union([endpoint, hostPort]).optional(),
        accessKey: accessKey.optional(),
        secretKey: secretKey.optional(),
      })
      .strict(),
    output: workspaceSchema,
  }),
  'workspaces.remove': defineCall({
    summary:
      "Remove a saved connection (not the demo); its database file too when deleteData is set (a team store: this console's own state of it, never the store).",
    input: z.object({ id: z.string().min(1).max(64), deleteData: z.boolean().default(false) }).strict(),
    output: z.object({ removed: z.literal(true), activeId: z.string() }),
  }),
  'workspaces.test': defineCall({
    summary: 'Test a connection (saved or given): the key, its role, the platform clock and the skew from this computer.',
    input: workspaceTestInputSchema,
    output: workspaceTestResultSchema,
  }),
  'workspaces.addTeamStore': defineCall({
    summary: "Save a team store on PostgreSQL as a workspace (read here, synced by the team's writer); its password sealed like platform secrets.",
    input: z.object({ name, ...teamStoreConnection, activate: z.boolean().default(false) }).strict(),
    output: workspaceSchema,
  }),
  'workspaces.testTeamStore': defineCall({
    summary:
      'Test a team store connection (saved, or given): connects, checks its migrations are current, and says whether the login is read-only or the writer.',
    input: z
      .object({ id: z.string().min(1).max(64).optional(), ...teamStoreConnection, url: teamStoreUrlSchema.optional() })
      .strict()
      .refine((v) => (v.id === undefined) !== (v.url === undefined), { message: 'give a workspace id or a url' }),
    output: teamStoreTestResultSchema,
  }),
  'workspaces.activate': defineCall({
    summary: 'Switch the console to a workspace.',
    input: z.object({ id: z.string().min(1).max(64) }).strict(),
    output: workspaceSchema,
  }),
  'workspaces.demoRole': defineCall({
    summary: "The demo platform only: act as its admin or as its reviewer (the emulator's reviewer key never leaves the main process).",
    input: z.object({ role: z.enum(demoRoles) }).strict(),
    output: workspaceSchema,
  }),
} as const;

export const workspacesEvents = {
  /** The list changed (created, updated, removed, switched, role learned). */
  'workspaces.changed': workspacesListSchema,
} as const;
