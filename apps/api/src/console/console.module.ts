import { Module } from '@nestjs/common';
import { ConsoleAssets } from './console-assets';
import { ConsoleSessionController } from './console-session.controller';

/** The analyst and auditor console at /console and its sign-in at /console/session. */
@Module({ controllers: [ConsoleSessionController], providers: [ConsoleAssets] })
export class ConsoleModule {}
