/**
 * The coarse vocabulary of webhook deliveries (docs/http-api.md, Integration), defined once for the
 * delivery log, its OpenAPI schema and /metrics.
 */

/** What became of an event for a subscription: the `outcome` of a delivery log record. */
export const DELIVERY_OUTCOMES = ['delivered', 'failed', 'dead_lettered'] as const;
export type DeliveryOutcome = (typeof DELIVERY_OUTCOMES)[number];

/** How a try that got no HTTP answer ended. */
export const TRY_FAILURES = ['timeout', 'connection_failed', 'refused_target'] as const;
export type TryFailure = (typeof TRY_FAILURES)[number];

/**
 * The result of one try, coarse on purpose: the endpoint's HTTP status, or one of
 * TRY_FAILURES. No error texts (ECONNREFUSED against ENOTFOUND) and no durations: the log
 * must not turn the service into a scanner of the networks it can reach.
 */
export type TryResult = `http_${number}` | TryFailure;

export const httpResult = (status: number): TryResult => `http_${status}`;

/** TryResult as a pattern (the OpenAPI schema). */
export const TRY_RESULT_PATTERN = `^(http_[1-5][0-9]{2}|${TRY_FAILURES.join('|')})$`;

/** TryResult in words, for the OpenAPI document and the metric's help. */
export const TRY_RESULT_DESCRIPTION = `http_<status> (the endpoint answered), ${TRY_FAILURES.join(', ')}`;
