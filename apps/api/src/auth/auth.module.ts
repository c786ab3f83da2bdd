import { Global, Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { ApiKeys } from './api-keys';
import { AuthGuard } from './auth.guard';
import { BearerTokens } from './bearer-tokens';
import { ConsoleSessions } from './console-sessions';
import { OidcAccessTokens } from './oidc-access-tokens';
import { OidcIssuer } from './oidc-issuer';

@Global()
@Module({
  providers: [
    { provide: ApiKeys, useFactory: (config: AppConfig) => ApiKeys.fromConfig(config), inject: [APP_CONFIG] },
    OidcIssuer,
    OidcAccessTokens,
    BearerTokens,
    ConsoleSessions,
    { provide: APP_GUARD, useClass: AuthGuard },
  ],
  exports: [ApiKeys, BearerTokens, ConsoleSessions, OidcIssuer],
})
export class AuthModule {}
