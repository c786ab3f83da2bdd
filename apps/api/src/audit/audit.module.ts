import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';
import { AuditSealerService } from './audit-sealer.service';

/** History, time travel and verification for auditors; the sealer of the log. */
@Module({ controllers: [AuditController], providers: [AuditSealerService] })
export class AuditModule {}
