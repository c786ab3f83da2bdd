import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { IdempotencyGuard } from './idempotency.guard';
import { IdempotencyRecorder } from './idempotency-recorder';
import { IdempotencyStore } from './idempotency-store';

/** Imported after AuthModule: its guard runs after authentication. */
@Module({
  providers: [IdempotencyStore, IdempotencyRecorder, { provide: APP_GUARD, useClass: IdempotencyGuard }],
})
export class IdempotencyModule {}
