import { Module } from '@nestjs/common';
import { CorrectiveActionEffectsController } from './corrective-action-effects.controller';
import { CorrectiveActionsController } from './corrective-actions.controller';

@Module({ controllers: [CorrectiveActionsController, CorrectiveActionEffectsController] })
export class CorrectiveActionsModule {}
