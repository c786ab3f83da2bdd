import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { ApiKeys } from './api-keys';
import { AuthGuard } from './auth.guard';
import { ConsoleSessions } from './console-sessions';

@Global()
@Module({
  providers: [
    { provide: ApiKeys, useFactory: (config: AppConfig) => ApiKeys.fromConfig(config), inject: [APP_CONFIG] },
    ConsoleSessions,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [ApiKeys, ConsoleSessions],
})
export class AuthModule {}
