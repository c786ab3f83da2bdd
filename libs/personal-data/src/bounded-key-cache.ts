import type { DataKey, DataKeyStore, PendingErasure } from './data-key-store';

export interface KeyCacheLimits {
  /** At most this many keys (or known absences) are held; the oldest go first. */
  maxEntries: number;
  /**
   * How long a key read is trusted: another process (the projection process, `npm run erase`)
   * may erase it meanwhile, and this process shows it for at most this long after.
   */
  ttlMs: number;
}

export const DEFAULT_KEY_CACHE_LIMITS: KeyCacheLimits = { maxEntries: 10_000, ttlMs: 5_000 };

/**
 * Key reads cached with a bound, in front of any key store (for a KMS, each read is a
 * network call). The current key of a customer is never cached: sealing under a key another
 * process just erased would erase the new event's fields at once. An erasure in this process
 * drops the whole cache.
 */
export class BoundedKeyCache implements DataKeyStore {
  private readonly entries = new Map<string, { key: Buffer | undefined; until: number }>();

  constructor(
    private readonly inner: DataKeyStore,
    private readonly limits: KeyCacheLimits = DEFAULT_KEY_CACHE_LIMITS,
    private readonly now: () => number = Date.now,
  ) {}

  currentKey(customerId: string): Promise<DataKey> {
    return this.inner.currentKey(customerId);
  }

  async keysById(keyIds: readonly string[]): Promise<Map<string, Buffer>> {
    const now = this.now();
    const found = new Map<string, Buffer>();
    const missing: string[] = [];
    for (const keyId of keyIds) {
      const entry = this.entries.get(keyId);
      if (entry === undefined || entry.until <= now) missing.push(keyId);
      else if (entry.key !== undefined) found.set(keyId, entry.key);
    }
    if (missing.length === 0) return found;
    const read = await this.inner.keysById(missing);
    const until = now + this.limits.ttlMs;
    for (const keyId of missing) {
      const key = read.get(keyId);
      if (key !== undefined) found.set(keyId, key);
      this.remember(keyId, { key, until });
    }
    return found;
  }

  hasKey(customerId: string): Promise<boolean> {
    return this.inner.hasKey(customerId);
  }

  async erase(customerId: string): Promise<number> {
    this.entries.clear();
    try {
      return await this.inner.erase(customerId);
    } finally {
      this.entries.clear();
    }
  }

  /** Never cached: an erasure left pending by another process must be seen at once. */
  pendingErasure(customerId: string): Promise<PendingErasure | undefined> {
    return this.inner.pendingErasure(customerId);
  }

  erasureAnnounced(erasure: PendingErasure): Promise<void> {
    return this.inner.erasureAnnounced(erasure);
  }

  close(): void {
    this.entries.clear();
    this.inner.close();
  }

  private remember(keyId: string, entry: { key: Buffer | undefined; until: number }): void {
    this.entries.delete(keyId);
    this.entries.set(keyId, entry);
    if (this.entries.size > this.limits.maxEntries) {
      this.entries.delete(this.entries.keys().next().value as string);
    }
  }
}
