import type { EventStore, RecordedEvent } from '@cl/event-store';
import { SUBSCRIPTION_STREAM_PREFIX, withRecordedOwner } from './subscription';
import { isOwnedBy, type SubscriptionActor } from './subscription-ownership';

/** A subscription as the directory knows it: enough to list and count, in creation order. */
export interface DirectoryEntry {
  subscriptionId: string;
  ownerId: string | null;
  /** Position of its SubscriptionCreated: the list's order and cursor. */
  position: bigint;
}

const SCAN = { maxCount: 1000, scanLimit: 50_000 };

/**
 * Every live (not deleted) webhook subscription and its owner, read from the store: the
 * subscription streams' creations and deletions, scanned from where the last read stopped.
 * `current()` first reads up to the store's head as it is at the call, so what any process
 * recorded before the call is there (the list and the per-actor count need that; Redis holds
 * nothing here). The first read scans the whole log for those two types (SQLite filters in
 * SQL); later ones only what was appended since. Memory: one small entry per live subscription.
 */
export class SubscriptionDirectory {
  private readonly live = new Map<string, DirectoryEntry>();
  private examinedUpTo = 0n;
  private reading: Promise<void> = Promise.resolve();

  constructor(private readonly store: EventStore) {}

  /** Resolves once every subscription recorded before the call is known. */
  async current(): Promise<this> {
    // Chained: a read that began before this call might stop short of what was just recorded.
    const read = this.reading.then(() => this.readToHead());
    this.reading = read.catch(() => undefined);
    await read;
    return this;
  }

  /** The actor's own subscriptions, in creation order. */
  ownedBy(actor: SubscriptionActor): DirectoryEntry[] {
    return [...this.live.values()].filter((entry) => isOwnedBy(entry.ownerId, actor));
  }

  /** Every subscription, in creation order. */
  all(): DirectoryEntry[] {
    return [...this.live.values()];
  }

  private async readToHead(): Promise<void> {
    const head = await this.store.headPosition();
    while (this.examinedUpTo < head) {
      const scanned = await this.store.scanAll({
        after: this.examinedUpTo,
        ...SCAN,
        filter: {
          streamPrefix: SUBSCRIPTION_STREAM_PREFIX,
          eventTypes: ['SubscriptionCreated', 'SubscriptionDeleted'],
        },
      });
      for (const event of scanned.events) this.apply(event);
      if (scanned.examinedUpTo <= this.examinedUpTo) break;
      this.examinedUpTo = scanned.examinedUpTo;
    }
  }

  private apply(recorded: RecordedEvent): void {
    const event = withRecordedOwner(recorded);
    const { subscriptionId, ownerId } = event.data as { subscriptionId?: unknown; ownerId?: unknown };
    if (typeof subscriptionId !== 'string') return;
    if (event.type === 'SubscriptionDeleted') {
      this.live.delete(subscriptionId);
      return;
    }
    this.live.set(subscriptionId, {
      subscriptionId,
      ownerId: typeof ownerId === 'string' ? ownerId : null,
      position: event.position,
    });
  }
}
