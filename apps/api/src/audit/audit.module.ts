import { Module } from '@nestjs/common';
import { AuditController } from './audit.controller';

/** History, time travel and verification for auditors (the sealer: AuditSealerModule, libs/audit). */
@Module({ controllers: [AuditController] })
export class AuditModule {}
