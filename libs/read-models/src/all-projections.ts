import { complaintListProjection } from './complaint-list/complaint-list.projection';
import { complaintMilestonesProjection } from './complaint-milestones/complaint-milestones.projection';
import { correctiveActionsProjection } from './corrective-actions/corrective-actions.projection';
import { funnelProjection } from './funnel/funnel.projection';
import { customerRiskProjection } from './risk/customer-risk.projection';

/** Every projection the service runs. */
export const PROJECTIONS = [
  complaintListProjection,
  funnelProjection,
  customerRiskProjection,
  complaintMilestonesProjection,
  correctiveActionsProjection,
];
