import { complaintListProjection } from './complaint-list/complaint-list.projection';
import { funnelProjection } from './funnel/funnel.projection';

/** Every projection the service runs. */
export const PROJECTIONS = [complaintListProjection, funnelProjection];
