import type { Instant } from '@cl/domain';
import type { Actor } from './actor';
import type { IdempotencyScope } from './idempotent-ids';

/** Who asked, why, and when it happened: the metadata every recorded event carries. */
export interface CommandContext {
  actor: Actor;
  correlationId: string;
  /** The id of the request (or event) that caused this command. */
  causationId: string;
  /**
   * Business time of the command. Omitted: the later of now and the stream's last
   * occurredAt (docs/domain.md, Time), decided by the writer on the stream as it loaded it.
   */
  occurredAt?: Instant;
  /** Instead of now, when occurredAt is omitted (e.g. a timer's deadline). */
  defaultOccurredAt?: Instant;
  /** If-Match: apply only if the stream is at this revision. */
  ifMatch?: number;
  /** Sent with an Idempotency-Key: its events get ids derived from it (see StreamWriter). */
  idempotency?: IdempotencyScope;
}
