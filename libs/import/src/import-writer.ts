import {
  idempotentId,
  writeComplaintCommand,
  writeCustomerCommand,
  type Actor,
  type CommandContext,
  type StreamWriter,
} from '@cl/commands';
import {
  complaintDecider,
  type ComplaintCommand,
  type ComplaintDecider,
  type ServiceLevels,
} from '@cl/complaints';
import type { CustomerCommand } from '@cl/customers';
import type { EventStore } from '@cl/event-store';
import type { PlannedOperation } from './import-plan';

/** Who records imported history (docs/import.md). */
export const IMPORT_ACTOR: Actor = { id: 'import', role: 'system' };

/** What writing one row did. */
export type WriteOutcome = { kind: 'written'; events: number } | { kind: 'present' };

/**
 * Writes one row through the command path of the API (the slice's decide on StreamWriter),
 * as a keyed command whose key is the row's identity: its events get ids derived from it, and
 * a row whose events are already in the store (an earlier run, however long ago) writes
 * nothing. A refusal is thrown as the API's command path throws it.
 */
export class ImportWriter {
  private readonly complaints: ComplaintDecider;

  constructor(
    private readonly store: EventStore,
    private readonly writer: StreamWriter,
    levels: ServiceLevels,
    private readonly actor: Actor = IMPORT_ACTOR,
  ) {
    this.complaints = complaintDecider(levels);
  }

  async write(operation: PlannedOperation): Promise<WriteOutcome> {
    const { command: type, body, scope, requestHash, targetId, occurredAt } = operation;
    if (type === undefined || occurredAt === undefined)
      throw new Error(`Row ${operation.line} has no command`);
    const { occurredAt: _time, ...fields } = body;
    const commandId = idempotentId(scope, 'command');
    const idempotency = { scope, requestHash, windowMs: Infinity };
    const context: CommandContext = {
      actor: this.actor,
      correlationId: commandId,
      causationId: commandId,
      occurredAt,
      idempotency,
    };
    // A row from an earlier run is skipped by one lookup: the write below would fold the
    // stream up to it to rebuild its answer, which a re-run of a long stream pays per row.
    if (await this.writer.isRecorded(operation.streamId, idempotency)) return { kind: 'present' };
    const result =
      type === 'recordPurchase' || type === 'updateProfile'
        ? await writeCustomerCommand(this.writer, targetId, { type, ...fields } as CustomerCommand, context)
        : await writeComplaintCommand(
            this.writer,
            this.store,
            this.complaints,
            targetId,
            {
              type,
              ...fields,
              // As the route adds it: who resolved.
              ...(type === 'resolve' && { resolvedBy: this.actor.id }),
            } as ComplaintCommand,
            context,
          );
    return result.replayed ? { kind: 'present' } : { kind: 'written', events: result.events.length };
  }
}
