import type { Migration } from '../migrate';

/**
 * Workspaces name their provider: our platform API ('onetap', every existing row) or Alibaba
 * Cloud 号码认证服务 ('aliyun-dypns'), whose endpoint is HOST[:PORT] with a protocol and region.
 */
export const consoleProviders: Migration = {
  version: 2,
  name: 'providers',
  up: `
ALTER TABLE workspaces ADD COLUMN provider TEXT NOT NULL DEFAULT 'onetap';   -- onetap | aliyun-dypns
ALTER TABLE workspaces ADD COLUMN protocol TEXT;                            -- aliyun-dypns: http | https
ALTER TABLE workspaces ADD COLUMN region TEXT;                              -- aliyun-dypns: optional region id
`,
};
