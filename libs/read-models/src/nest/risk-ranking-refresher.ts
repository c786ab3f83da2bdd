import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { CustomerRiskQuery } from '../risk/customer-risk.query';

const EVERY_MS = 1000;
/**
 * Per pass; what is left waits for the next one, so a pass never runs for long (~2 s here).
 * A catch-up leaves every customer it touched due: 50,000 a pass drains 60,000 in ~2 s, the
 * time the list without asOf is slower (it re-assesses the customers still due).
 */
const MAX_BATCHES = 100;

/**
 * Keeps the maintained early-warning ranking fresh as time passes: once a second it
 * re-assesses the customers whose entry is due (a complaint went past its due time, a
 * purchase left a window, ...), so the list for asOf = now has few customers to re-assess.
 * It runs where the projections run (ROLE all or worker); two workers running it at once
 * only do the work twice (an entry is written only if the facts it comes from are unchanged).
 */
@Injectable()
export class RiskRankingRefresher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('RiskRankingRefresher');
  private timer?: NodeJS.Timeout;
  private pass: Promise<void> = Promise.resolve();
  private running = false;

  constructor(
    private readonly risks: CustomerRiskQuery,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.role === 'api') return;
    this.timer = setInterval(() => {
      if (this.running) return;
      this.running = true;
      this.pass = this.refresh()
        .catch((error: unknown) => this.logger.error((error as Error).message))
        .finally(() => (this.running = false));
    }, EVERY_MS);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.timer);
    await this.pass;
  }

  private async refresh(): Promise<void> {
    await this.risks.refreshDueInBatches(Date.now(), { maxBatches: MAX_BATCHES });
  }
}

@Module({ providers: [RiskRankingRefresher] })
export class RiskRankingModule {}
