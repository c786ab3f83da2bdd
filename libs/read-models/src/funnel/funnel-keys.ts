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
    /** The prefix of a customer's keys (`<it><id>:purchases`, `<it><id>:anchors`), as the script builds them. */
    customerBase: `${keyPrefix}:customer:`,
    /** Sorted set: the customer's purchases (member `<day>:<slot>` of their record) by time. */
    purchases: (customerId: string) => `${keyPrefix}:customer:${customerId}:purchases`,
    /** Sorted set: the customer's complaints (member `<day>:<slot>`) by repurchase anchor. */
    anchors: (customerId: string) => `${keyPrefix}:customer:${customerId}:anchors`,
    /** Hash: complaint id -> `<day>\t<slot>\t<customer id>`: where its record is, and whose it is. */
    complaints: `${keyPrefix}:complaints`,
    /** Hash: customer id -> its number in the records. */
    customerCodes: `${keyPrefix}:customer-codes`,
    /** Hash: a dimension value (category, channel, severity, branch id, a resolution's actor id) -> its code. */
    valueCodes: `${keyPrefix}:value-codes`,
    /** Hash: code -> dimension value. */
    values: `${keyPrefix}:values`,
    /** Hash: the last code given out, `values` and `customers`. */
    counters: `${keyPrefix}:counters`,
  };
}
