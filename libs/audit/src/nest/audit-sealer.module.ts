import {
  Inject,
  Injectable,
  Logger,
  Module,
  type OnApplicationBootstrap,
  type OnModuleDestroy,
} from '@nestjs/common';
import { AuditSealer } from '../audit-sealer';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';

/**
 * Runs the AuditSealer where the workers run (ROLE all or worker; in `npm start`, the ROLE=all
 * child process), off the HTTP process: it reads and hashes every event. It seals at
 * AUDIT_SEAL_EVERY events or AUDIT_SEAL_SECONDS, whichever comes first, and stops before the
 * store closes.
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
    if (this.config.role !== 'api') this.sealer.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.sealer.stop();
  }
}

/** The sealer of the log in a Nest application. */
@Module({ providers: [AuditSealerService] })
export class AuditSealerModule {}
