/**
 * The stream categories whose events leave the service (docs/http-api.md, Integration): the feed,
 * the live stream and webhooks publish these and nothing else. A category is the stream id
 * up to its first `-` (EventStoreDB's convention), so `customer-risk-<id>` is a customer
 * stream and `subscription-<id>` (webhook subscriptions, with their encrypted secrets) stays inside.
 */
export const PUBLIC_CATEGORIES: readonly string[] = ['complaint', 'customer', 'customerRisk', 'audit'];

export function categoryOf(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash < 0 ? streamId : streamId.slice(0, dash);
}

export function isPublicStream(streamId: string): boolean {
  return PUBLIC_CATEGORIES.includes(categoryOf(streamId));
}
