import type { Instant } from '@cl/domain';
import type { Actor } from '../auth/actor';

/** Who asked, why, and when it happened: the metadata every recorded event carries. */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  /** The id of the request (or event) that caused this command. */
  causationId: string;
  /** Business time of the command. */
  occurredAt: Instant;
  /** If-Match: apply only if the stream is at this revision. */
  ifMatch?: number;
}
