import { DAY_MS } from '@cl/domain';

/** The UTC day (days since the epoch) of a time in ms: the bucket its record goes into. */
export function dayOf(ms: number): number {
  return Math.floor(ms / DAY_MS);
}

export function funnelKeys(keyPrefix: string) {
  return {
    /** String: the fixed-width records of the complaints filed that day (funnel-records.ts). */
    filed: (day: number) => `${keyPrefix}:filed:${day}`,
    /** String: the fixed-width records of the purchases made that day (funnel-records.ts). */
    bought: (day: number) => `${keyPrefix}:bought:${day}`,
    /** Sorted set: the days that have a `filed` or `bought` string (member and score the day). */
    days: `${keyPrefix}:days`,
    /** String: the customer's CustomerFunnelState JSON, what the projection updates from. */
    customer: (customerId: string) => `${keyPrefix}:customer:${customerId}`,
    /** Hash: complaint id -> customer id. */
    complaintCustomer: `${keyPrefix}:complaint-customer`,
    /** Hash: a dimension value (category, channel, severity, branch id) -> its code. */
    valueCodes: `${keyPrefix}:value-codes`,
    /** Hash: code -> dimension value. */
    values: `${keyPrefix}:values`,
    /** Hash: the last code given out, `values` and `customers`. */
    counters: `${keyPrefix}:counters`,
  };
}
