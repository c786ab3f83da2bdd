import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { StreamWriter } from '@cl/commands';
import { customerRiskDecider, customerRiskStreamId } from '@cl/customer-risk';
import { ProjectionLease, readModelComplete } from '@cl/projections';
import { customerRiskProjection, type CustomerRiskQuery, type RankedCustomer } from '@cl/read-models';

const POLL_MS = 250;
/** One reactor at a time over all processes: its lease expires this long after its holder stopped renewing it. */
const LEASE_MS = 10_000;
const ACTOR = { id: 'early-warning', role: 'system' as const };
/** Customers assessed per round trip (and their changes appended side by side). */
const PAGE = 200;

export interface RiskReactorOptions {
  writer: StreamWriter;
  risks: CustomerRiskQuery;
  redis: Redis;
  /** `<REDIS_PREFIX>`: the lease is `<prefix>:early-warning:lease`. */
  redisPrefix: string;
  /** How often every customer is evaluated again (changes caused by time passing). */
  sweepSeconds: number;
  onError?: (error: unknown) => void;
}

/**
 * The early-warning reactor: when a customer's risk level changes, it appends
 * CustomerRiskChanged to `customerRisk-<id>`, exactly once per change. It looks at the
 * customers whose facts changed (marked by the customer-risk projection) a few times a
 * second, and at every customer every RISK_SWEEP_SECONDS, for changes caused by time
 * passing. The level last recorded in the stream is the reference, and the append expects
 * the revision it read, so two evaluations of one customer never record one change twice.
 *
 * It acts only on a complete read model (readModelComplete): never while customer-risk is
 * rebuilt from the first event or catches up after Redis lost it, when a partial history
 * would raise false alarms. It runs with the background work (the child process of ROLE=all,
 * the worker), one instance at a time over all processes (a lease in Redis).
 */
export class RiskReactor {
  private readonly timers: NodeJS.Timeout[] = [];
  private busy: Promise<void> = Promise.resolve();
  private readonly waiting = new Set<'changed' | 'all'>();
  private readonly lease: ProjectionLease;
  private held = false;
  /** The lease's last acquire or renewal: awaited before it is released, so none lands after. */
  private leasing: Promise<void> = Promise.resolve();

  constructor(private readonly options: RiskReactorOptions) {
    this.lease = new ProjectionLease(
      options.redis.duplicate({ enableOfflineQueue: false }),
      [`${options.redisPrefix}:early-warning:lease`],
      `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
      LEASE_MS,
    );
  }

  start(): void {
    void this.keepLease();
    this.timers.push(setInterval(() => void this.keepLease(), LEASE_MS / 3));
    this.timers.push(setInterval(() => this.queue('changed'), POLL_MS));
    this.timers.push(setInterval(() => this.queue('all'), this.options.sweepSeconds * 1000));
  }

  async stop(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.busy;
    await this.leasing;
    await this.lease.release().catch(() => undefined);
    this.lease.disconnect();
  }

  /**
   * Re-evaluates one customer now; true when a change was recorded. Nothing while the read
   * model is partial.
   */
  async evaluate(customerId: string, now = new Date()): Promise<boolean> {
    return (await this.evaluateAll(now, [customerId])) > 0;
  }

  /** Takes the lease, or renews it while held. */
  private keepLease(): Promise<void> {
    this.leasing = this.leasing.then(async () => {
      this.held = await (this.held ? this.lease.renew() : this.lease.acquire()).catch(() => false);
    });
    return this.leasing;
  }

  /** The customer-risk read model has caught up since it was (re)built: not partial. */
  private complete(): Promise<boolean> {
    return readModelComplete(this.options.redis, this.options.redisPrefix, customerRiskProjection.name);
  }

  /**
   * Re-evaluates these customers now, a page at a time: each page's facts read together (one
   * round trip), its changes appended side by side (one group commit). Returns how many
   * changes were recorded; none while the read model is partial.
   */
  private async evaluateAll(now: Date, customerIds: readonly string[]): Promise<number> {
    let recorded = 0;
    for (let start = 0; start < customerIds.length; start += PAGE) {
      if (!(await this.complete())) return recorded;
      const assessments = await this.options.risks.assessAll(
        customerIds.slice(start, start + PAGE),
        now.getTime(),
      );
      // Checked again after reading the facts: the read model may have been lost and partly
      // rebuilt while they were read (the mark goes with it and returns only once caught up).
      if (assessments.size === 0 || !(await this.complete())) continue;
      const written = await Promise.all(
        [...assessments.values()].map((assessment) => this.record(assessment, now.toISOString())),
      );
      recorded += written.filter(Boolean).length;
    }
    return recorded;
  }

  /** Appends CustomerRiskChanged when the level differs from the one last recorded; true when it did. */
  private async record(assessment: RankedCustomer, asOf: string): Promise<boolean> {
    const commandId = randomUUID();
    const { customerId, score, level, reasons } = assessment;
    const result = await this.options.writer.write({
      decider: customerRiskDecider,
      command: { type: 'recordRiskAssessment', score, level, reasons, asOf },
      commandType: 'evaluateRisk',
      streamId: customerRiskStreamId(customerId),
      context: { actor: ACTOR, correlationId: commandId, causationId: commandId, occurredAt: asOf },
    });
    return result.events.length > 0;
  }

  /** Runs one pass at a time; a pass of a kind already waiting is not queued again. */
  private queue(kind: 'changed' | 'all'): void {
    if (!this.held || this.waiting.has(kind)) return;
    this.waiting.add(kind);
    this.busy = this.busy
      .then(() => {
        this.waiting.delete(kind);
        return kind === 'changed' ? this.evaluateChanged() : this.evaluateEveryone();
      })
      .catch((error: unknown) => this.options.onError?.(error));
  }

  private async evaluateChanged(): Promise<void> {
    // The customers marked changed wait in their set until the read model is complete.
    if (!(await this.complete())) return;
    for (;;) {
      const customers = await this.options.risks.takeChanged(500);
      if (customers.length === 0) return;
      await this.evaluateAll(new Date(), customers);
    }
  }

  private async evaluateEveryone(): Promise<void> {
    if (!(await this.complete())) return;
    await this.evaluateAll(new Date(), await this.options.risks.allCustomers());
  }
}
