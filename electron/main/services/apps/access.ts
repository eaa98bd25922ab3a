/** What the active workspace's key may do with apps (platform-api §1 roles), for the service and the view. */
import type { z } from 'zod';
import type { accessSchema } from '../../../../shared/contract/apps';
import { roleCanManage, roleCanReview } from '../../../../shared/apps/status-rules';
import type { ServiceContext } from '../core/context';
import { activeWorkspace } from '../workspaces/active';

export type Access = z.output<typeof accessSchema>;

export function accessOf(ctx: ServiceContext): Access {
  const ws = activeWorkspace(ctx);
  return { role: ws.role, manage: roleCanManage(ws.role), review: roleCanReview(ws.role), online: ws.platform !== null };
}
