/**
 * Who may see and manage a webhook subscription (docs/http-api.md, Integration): the actor that
 * created it, and admin. For every other actor it does not exist. The one place this rule
 * lives: the API's routes, the list and the per-actor limit all ask here.
 */

/** The actor asking. `formerIds`: ids it had before (e.g. when actor ids are derived anew), still its own. */
export interface SubscriptionActor {
  id: string;
  role: string;
  formerIds?: readonly string[];
}

/** Whether `ownerId` is this actor, under its current id or a former one. */
export function isOwnedBy(ownerId: string | null, actor: SubscriptionActor): boolean {
  if (ownerId === null) return false;
  return ownerId === actor.id || (actor.formerIds?.includes(ownerId) ?? false);
}

/** Whether the actor may see and manage the subscription: its owner, or admin. */
export function mayManage(subscription: { ownerId: string | null }, actor: SubscriptionActor): boolean {
  return actor.role === 'admin' || isOwnedBy(subscription.ownerId, actor);
}
