import {
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AuditSealer } from '@cl/audit';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { EVENT_STORE, type EventStore } from '@cl/event-store';

/**
 * Runs the AuditSealer where the store is written (ROLE all or api), at AUDIT_SEAL_EVERY
 * events or AUDIT_SEAL_SECONDS, whichever comes first. It stops before the store closes.
 */
@Injectable()
export class AuditSealerService implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('AuditSealer');
  readonly sealer: AuditSealer;

  constructor(
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    this.sealer = new AuditSealer(
      store,
      { everyEvents: config.auditSeal.everyEvents, everyMs: config.auditSeal.seconds * 1000 },
      (error) => this.logger.error(`Sealing failed, retrying in 1 s: ${error.message}`),
    );
  }

  onApplicationBootstrap(): void {
    if (this.config.role !== 'worker') this.sealer.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.sealer.stop();
  }
}
