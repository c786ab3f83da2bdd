import { Module } from '@nestjs/common';
import { OidcConsoleSignIn } from '../auth/oidc-console-sign-in';
import { ConsoleAssets } from './console-assets';
import { ConsoleOidcController } from './console-oidc.controller';
import { ConsoleSessionController } from './console-session.controller';

/**
 * The analyst and auditor console at /console, its sign-in at /console/session, and its
 * sign-in through the identity provider (/console/sign-in, /console/callback).
 */
@Module({
  controllers: [ConsoleSessionController, ConsoleOidcController],
  providers: [ConsoleAssets, OidcConsoleSignIn],
})
export class ConsoleModule {}
