import type { Instant } from '@cl/domain';
import { isSlaBreached, type FiledComplaint } from './complaint-state';

/** GET /complaints/:id (http-api.md), evaluated at `asOf` (slaBreached). */
export function toComplaintView(state: FiledComplaint, revision: number, asOf: Instant) {
  return {
    complaintId: state.complaintId,
    customerId: state.customerId,
    status: state.status,
    channel: state.channel,
    category: state.category,
    severity: state.severity,
    branchId: state.branchId ?? null,
    productId: state.productId ?? null,
    orderId: state.orderId ?? null,
    followUpOf: state.followUpOf ?? null,
    description: state.description,
    filedAt: state.filedAt,
    resolutionDueAt: state.resolutionDueAt,
    ...(state.resolvedAt !== undefined && { resolvedAt: state.resolvedAt }),
    slaBreached: isSlaBreached(state, asOf),
    escalationLevel: state.escalationLevel,
    reopenCount: state.reopenCount,
    ...(state.assignedTo !== undefined && { assignedTo: state.assignedTo }),
    ...(state.resolution !== undefined && { resolution: state.resolution }),
    callback: state.callback,
    satisfaction: state.satisfaction,
    revision,
  };
}

export type ComplaintView = ReturnType<typeof toComplaintView>;
