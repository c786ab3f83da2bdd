export * from './complaint-list/complaint-list.projection';
export * from './complaint-list/complaint-list.query';

import { complaintListProjection } from './complaint-list/complaint-list.projection';

/** Every projection the service runs. */
export const PROJECTIONS = [complaintListProjection];
