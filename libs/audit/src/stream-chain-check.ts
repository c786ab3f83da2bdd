import type { RecordedEvent } from '@cl/event-store';
import { chainHash, GENESIS_HASH } from './hash-chain';
import { chainedFieldsOf, storedHashOf } from './published-event';

/**
 * Checks one stream's hash chain event by event, in the order the store keeps them
 * (revision order, which is also position order): revisions 0, 1, 2... without a gap, each
 * position after the previous one, each prevHash the previous event's hash, each hash the
 * one recomputed from the event as stored. Remembers the first revision that fails; every
 * later one is invalid too (the chain is broken from there).
 */
export class StreamChainCheck {
  /** Events seen, valid or not. */
  events = 0;
  firstInvalidRevision: number | undefined;
  /** Position of the event at which the break was found. */
  brokenAt: bigint | undefined;
  private nextRevision = 0;
  private lastHash = GENESIS_HASH;
  private lastPosition = -1n;

  get valid(): boolean {
    return this.firstInvalidRevision === undefined;
  }

  accept(event: RecordedEvent): void {
    this.events++;
    if (this.firstInvalidRevision !== undefined) return;
    if (!this.verifies(event)) {
      // A missing revision (a deleted event) is where the chain breaks, not the one after it.
      this.firstInvalidRevision = Math.min(event.revision, this.nextRevision);
      this.brokenAt = event.position;
      return;
    }
    this.nextRevision++;
    this.lastHash = storedHashOf(event);
    this.lastPosition = event.position;
  }

  private verifies(event: RecordedEvent): boolean {
    if (event.revision !== this.nextRevision || event.position <= this.lastPosition) return false;
    if (event.metadata.prevHash !== this.lastHash) return false;
    try {
      return chainHash(this.lastHash, chainedFieldsOf(event)) === storedHashOf(event);
    } catch {
      return false; // not canonicalizable (e.g. metadata removed by hand)
    }
  }
}
