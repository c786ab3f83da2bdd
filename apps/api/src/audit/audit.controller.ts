import { BadRequestException, Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { publishEvents, verifyLog, verifyStream } from '@cl/audit';
import { complaintStreamId, type CalendarCoverage } from '@cl/complaints';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { DomainError } from '@cl/domain';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import type { PersonalDataCipher } from '@cl/personal-data';
import { PERSONAL_DATA } from '@cl/personal-data/nest';
import { Allow } from '../auth/allow.decorator';
import { IdPipe } from '../http/id';
import { toInstant } from '../http/instant';
import { complaintAt } from './complaint-time-travel';
import { calendarCoverageOf } from '../commands/service-levels-of';
import { ComplaintStateQueryDto } from './dto/complaint-state.query.dto';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator';
import { Complaint } from '../complaints/dto/complaint.response';
import { ComplaintHistory, LogVerificationResult, StreamVerificationResult } from './dto/audit.response';

/**
 * The auditors' views, read from the store itself (read-your-writes): a complaint's history,
 * its state at any point in time, and the verification of hash chains and seals. The history
 * and the state show personal fields opened (in clear, or "[erased]"); verification reads the
 * stored (sealed) form, which the hashes cover.
 */
@ApiTags('audit')
@Controller()
export class AuditController {
  private readonly coverage: CalendarCoverage;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(PERSONAL_DATA) private readonly personalData: PersonalDataCipher,
  ) {
    this.coverage = calendarCoverageOf(config);
  }

  @Get('complaints/:id/history')
  @Allow('auditor', 'agent')
  @ApiEndpoint({
    summary: 'Every event of a complaint, in revision order',
    type: ComplaintHistory,
    errors: [400, 404],
  })
  async history(@Param('id', IdPipe) id: string) {
    const streamId = complaintStreamId(id);
    const events = await this.complaintEvents(id);
    return { streamId, events: await publishEvents(events, this.personalData) };
  }

  @Get('complaints/:id/state')
  @Allow('auditor')
  @ApiEndpoint({
    summary: 'A complaint as it stood at asOf or at a revision',
    type: Complaint,
    errors: [400, 404],
  })
  async state(@Param('id', IdPipe) id: string, @Query() query: ComplaintStateQueryDto) {
    if ((query.asOf === undefined) === (query.revision === undefined)) {
      throw new BadRequestException(['give exactly one of asOf and revision']);
    }
    const events = await this.personalData.open(await this.complaintEvents(id));
    return complaintAt(
      id,
      events,
      query.asOf !== undefined ? { asOf: toInstant(query.asOf)! } : { revision: query.revision! },
      this.coverage,
    );
  }

  @Get('complaints/:id/verify')
  @Allow('auditor')
  @ApiEndpoint({
    summary: 'Verify a complaint’s hash chain',
    type: StreamVerificationResult,
    errors: [400, 404],
  })
  async verifyComplaint(@Param('id', IdPipe) id: string) {
    const verification = await verifyStream(this.store, complaintStreamId(id));
    if (verification.events === 0) throw notFound(id);
    return verification;
  }

  /** Every stream and every seal, in one pass over the log (never held in memory). */
  @Get('audit/verify')
  @Allow('auditor')
  @ApiEndpoint({ summary: 'Verify every stream’s hash chain and every seal', type: LogVerificationResult })
  verifyAll() {
    return verifyLog(this.store);
  }

  private async complaintEvents(id: string): Promise<RecordedEvent[]> {
    const events = await this.store.readStream(complaintStreamId(id));
    if (events.length === 0) throw notFound(id);
    return events;
  }
}

function notFound(id: string): DomainError {
  return new DomainError('not_found', `Complaint ${id} not found`);
}
