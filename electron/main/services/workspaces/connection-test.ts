/**
 * "Test connection": one signed whoami, which proves the endpoint, the key and the secret, and
 * reads the platform's clock. The skew is measured against the middle of the round trip.
 */
import { ApiError } from '../../../../shared/contract/errors';
import type { WorkspaceTestResult } from '../../../../shared/contract/workspaces';
import { parseIsoInstant } from '../../../../shared/time/shanghai';
import type { Clock } from '../core/clock';
import type { PlatformClient } from '../platform/client-types';

export async function testConnection(client: PlatformClient, clock: Clock, signal?: AbortSignal): Promise<WorkspaceTestResult> {
  const sent = clock.now();
  try {
    const me = await client.whoami(signal);
    const received = clock.now();
    const server = parseIsoInstant(me.serverTime);
    return {
      ok: true,
      role: me.role,
      accessKey: me.accessKey,
      account: me.account,
      serverTime: me.serverTime,
      skewMs: Math.round(server - (sent + received) / 2),
      latencyMs: Math.max(0, received - sent),
    };
  } catch (e) {
    const err = e instanceof ApiError ? e : new ApiError('INTERNAL', e instanceof Error ? e.message : String(e));
    if (err.code === 'CANCELLED') throw err;
    return { ok: false, error: { code: err.code, message: err.message, ...(err.detail ? { detail: err.detail } : {}) } };
  }
}
