import type { Projection } from '@cl/projections';

/**
 * A test projection that is not idempotent: it counts events by type, so an event applied
 * twice (or skipped) shows in the counts.
 */
export const eventCountsProjection: Projection = {
  name: 'event-counts',
  async project(events, { tx, keyPrefix }) {
    const counts = new Map<string, number>();
    for (const event of events) counts.set(event.type, (counts.get(event.type) ?? 0) + 1);
    for (const [type, count] of counts) tx.hincrby(`${keyPrefix}:by-type`, type, count);
  },
};
