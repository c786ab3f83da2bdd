import { Inject, Injectable } from '@nestjs/common';
import {
  complaintStreamId,
  evolveComplaint,
  initialComplaintState,
  toComplaintView,
  type CalendarCoverage,
  type ComplaintEvent,
  type ComplaintState,
  type ComplaintView,
} from '@cl/complaints';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { DomainError } from '@cl/domain';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { loadStream } from '@cl/commands';
import type { PersonalDataCipher } from '@cl/personal-data';
import { PERSONAL_DATA } from '@cl/personal-data/nest';
import { calendarCoverageOf } from '../commands/service-levels-of';

/** A complaint folded from its own stream: read-your-writes, no projection lag. */
@Injectable()
export class ComplaintReader {
  private readonly coverage: CalendarCoverage;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(PERSONAL_DATA) private readonly personalData: PersonalDataCipher,
  ) {
    this.coverage = calendarCoverageOf(config);
  }

  /** How far the policy's calendar reaches (the views' `calendarCovered`). */
  calendarCoverage(): CalendarCoverage {
    return this.coverage;
  }

  async view(complaintId: string, asOf = new Date().toISOString()): Promise<ComplaintView> {
    const { state, revision } = await loadStream<ComplaintState, ComplaintEvent>(
      this.store,
      complaintStreamId(complaintId),
      initialComplaintState,
      evolveComplaint,
      (events) => this.personalData.open(events),
    );
    if (!state.exists) throw new DomainError('not_found', `Complaint ${complaintId} not found`);
    return toComplaintView(state, revision, asOf, this.coverage);
  }
}
