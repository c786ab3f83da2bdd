import { Module } from '@nestjs/common';
import { RiskReactor } from './risk-reactor';

@Module({ providers: [RiskReactor], exports: [RiskReactor] })
export class EarlyWarningModule {}
