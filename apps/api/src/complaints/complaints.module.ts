import { Module } from '@nestjs/common';
import { ComplaintReader } from './complaint-reader';
import { ComplaintsController } from './complaints.controller';

@Module({ controllers: [ComplaintsController], providers: [ComplaintReader] })
export class ComplaintsModule {}
