import {
  complaintDataSubject,
  complaintStreamId,
  type ComplaintCommand,
  type ComplaintDecider,
  type ComplaintEvent,
  type ComplaintState,
} from '@cl/complaints';
import { DomainError } from '@cl/domain';
import type { EventStore } from '@cl/event-store';
import type { CommandContext } from './command-context';
import type { StreamWriter, WriteResult } from './stream-writer';

export type ComplaintWriteResult = WriteResult<ComplaintState, ComplaintEvent>;

/**
 * A command on one complaint, as every writer runs it (the HTTP API's command handler, the
 * importer, the service-level timers): a follow-up must name a complaint that exists, then
 * the slice's decider (complaintDecider, built once under the service levels in force)
 * decides on the stream through StreamWriter.
 */
export async function writeComplaintCommand(
  writer: StreamWriter,
  store: EventStore,
  decider: ComplaintDecider,
  complaintId: string,
  command: ComplaintCommand,
  context: CommandContext,
): Promise<ComplaintWriteResult> {
  if (command.type === 'file' && command.followUpOf !== undefined) {
    const revision = await store.streamRevision(complaintStreamId(command.followUpOf));
    if (revision === -1)
      throw new DomainError('not_found', `followUpOf: complaint ${command.followUpOf} not found`);
  }
  return writer.write<ComplaintCommand, ComplaintState, ComplaintEvent>({
    decider,
    command,
    streamId: complaintStreamId(complaintId),
    context,
    startsStream: command.type === 'file',
    dataSubject: complaintDataSubject,
  });
}
