import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import {
  customerRiskDecider,
  customerRiskStreamId,
  type CustomerRiskEvent,
  type CustomerRiskState,
} from '@cl/customer-risk';
import { CustomerRiskQuery } from '@cl/read-models';
import { StreamWriter } from '../commands/stream-writer';

const POLL_MS = 250;
const ACTOR = { id: 'early-warning', role: 'system' as const };

/**
 * The early-warning reactor: when a customer's risk level changes, it appends
 * CustomerRiskChanged to `customerRisk-<id>`, exactly once per change. It looks at the
 * customers whose facts changed (marked by the customer-risk projection) a few times a
 * second, and at every customer every RISK_SWEEP_SECONDS, for changes caused by time
 * passing. The level last recorded in the stream is the reference, and the append expects
 * the revision it read, so two evaluations of one customer never record one change twice.
 * It runs where the store takes appends (ROLE=all; with EventStoreDB also ROLE=worker).
 */
@Injectable()
export class RiskReactor implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RiskReactor');
  private readonly timers: NodeJS.Timeout[] = [];
  private busy: Promise<void> = Promise.resolve();
  private readonly waiting = new Set<'changed' | 'all'>();

  constructor(
    private readonly writer: StreamWriter,
    private readonly risks: CustomerRiskQuery,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timers.push(setInterval(() => this.queue('changed'), POLL_MS));
    this.timers.push(setInterval(() => this.queue('all'), this.config.riskSweepSeconds * 1000));
  }

  async onModuleDestroy(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    await this.busy;
  }

  /** Re-evaluates one customer now; true when a change was recorded. */
  async evaluate(customerId: string, now = new Date()): Promise<boolean> {
    const assessment = await this.risks.assess(customerId, now.getTime());
    if (!assessment) return false;
    const asOf = now.toISOString();
    const commandId = randomUUID();
    const { score, level, reasons } = assessment;
    const result = await this.writer.write<CustomerRiskState, CustomerRiskEvent>({
      commandType: 'evaluateRisk',
      streamId: customerRiskStreamId(customerId),
      initial: customerRiskDecider.initialState,
      evolve: customerRiskDecider.evolve,
      decide: (state) =>
        customerRiskDecider.decide({ type: 'recordRiskAssessment', score, level, reasons, asOf }, state),
      context: { actor: ACTOR, correlationId: commandId, causationId: commandId, occurredAt: asOf },
    });
    return result.events.length > 0;
  }

  /** Runs one pass at a time; a pass of a kind already waiting is not queued again. */
  private queue(kind: 'changed' | 'all'): void {
    if (this.waiting.has(kind)) return;
    this.waiting.add(kind);
    this.busy = this.busy
      .then(() => {
        this.waiting.delete(kind);
        return kind === 'changed' ? this.evaluateChanged() : this.evaluateAll();
      })
      .catch((error: unknown) => this.logger.error((error as Error).message));
  }

  private async evaluateChanged(): Promise<void> {
    for (;;) {
      const customers = await this.risks.takeChanged(500);
      if (customers.length === 0) return;
      for (const customerId of customers) await this.evaluate(customerId);
    }
  }

  private async evaluateAll(): Promise<void> {
    for (const customerId of await this.risks.allCustomers()) await this.evaluate(customerId);
  }
}
