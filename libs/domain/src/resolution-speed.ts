/** docs/domain.md, Resolution speed buckets: the funnel's groupBy=resolutionSpeed keys, fastest first. */
export const RESOLUTION_SPEEDS = ['on_the_spot', 'within_1d', 'within_3d', 'slower', 'unresolved'] as const;
export type ResolutionSpeed = (typeof RESOLUTION_SPEEDS)[number];
