import { Module } from '@nestjs/common';
import { QueuesDashboard } from './queues-dashboard';

/** Operators' pages: the queues dashboard (ApiKeys and the timers' queue come from global modules). */
@Module({ providers: [QueuesDashboard] })
export class AdminModule {}
