/** What the active workspace's key may do with apps (platform-api §1 roles), for the service and the view. */
import type * as z from 'zod';
import type { accessSchema } from '../../../../shared/contract/apps';
import { roleCanManage, roleCanReview } from '../../../../shared/apps/status-rules';
import type { ServiceContext } from '../core/context';
import { activeWorkspace, actingPlatform, actingRole } from '../workspaces/active';

export type Access = z.output<typeof accessSchema>;

export function accessOf(ctx: ServiceContext): Access {
  const ws = activeWorkspace(ctx);
  const role = actingRole(ws);
  return { role, manage: roleCanManage(role), review: roleCanReview(role), online: actingPlatform(ws) !== null };
}
