import { Inject, Injectable } from '@nestjs/common';
import {
  complaintStreamId,
  evolveComplaint,
  initialComplaintState,
  toComplaintView,
  type ComplaintEvent,
  type ComplaintState,
  type ComplaintView,
} from '@cl/complaints';
import { DomainError } from '@cl/domain';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { loadStream } from '@cl/commands';

/** A complaint folded from its own stream: read-your-writes, no projection lag. */
@Injectable()
export class ComplaintReader {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async view(complaintId: string, asOf = new Date().toISOString()): Promise<ComplaintView> {
    const { state, revision } = await loadStream<ComplaintState, ComplaintEvent>(
      this.store,
      complaintStreamId(complaintId),
      initialComplaintState,
      evolveComplaint,
    );
    if (!state.exists) throw new DomainError('not_found', `Complaint ${complaintId} not found`);
    return toComplaintView(state, revision, asOf);
  }
}
