import { HttpException, type Type } from '@nestjs/common';
import { DomainError } from '@cl/domain';
import { IdempotencyKeyReusedError, RevisionMismatchError } from '@cl/commands';
import type { ImportCommandType, ImportOperation, Refusal } from '@cl/import';
import { IMPORT_ACTOR } from '@cl/import';
import { commandContextFrom } from '../commands/command-context.factory';
import { AcknowledgeComplaintDto } from '../complaints/dto/acknowledge-complaint.dto';
import { AssignComplaintDto } from '../complaints/dto/assign-complaint.dto';
import { CloseComplaintDto } from '../complaints/dto/close-complaint.dto';
import { EscalateComplaintDto } from '../complaints/dto/escalate-complaint.dto';
import { ExtendDeadlineDto } from '../complaints/dto/extend-deadline.dto';
import { FileComplaintDto } from '../complaints/dto/file-complaint.dto';
import { PauseComplaintDto } from '../complaints/dto/pause-complaint.dto';
import { RecordRootCauseDto } from '../complaints/dto/record-root-cause.dto';
import { RecordCallbackDto } from '../complaints/dto/record-callback.dto';
import { RecordSatisfactionDto } from '../complaints/dto/record-satisfaction.dto';
import { ReopenComplaintDto } from '../complaints/dto/reopen-complaint.dto';
import { ResolveComplaintDto } from '../complaints/dto/resolve-complaint.dto';
import { ResumeComplaintDto } from '../complaints/dto/resume-complaint.dto';
import { RecordPurchaseDto } from '../customers/dto/record-purchase.dto';
import { UpdateProfileDto } from '../customers/dto/update-profile.dto';
import { toErrorResponse } from '../http/error-response';
import { FieldValidationPipe } from '../http/field-validation.pipe';
import { IdPipe } from '../http/id';

/** The body each command's route validates (the same DTO classes, so the same 400 messages). */
const BODIES: Record<ImportCommandType, Type<object>> = {
  file: FileComplaintDto,
  assign: AssignComplaintDto,
  escalate: EscalateComplaintDto,
  resolve: ResolveComplaintDto,
  reopen: ReopenComplaintDto,
  recordCallback: RecordCallbackDto,
  recordSatisfaction: RecordSatisfactionDto,
  close: CloseComplaintDto,
  acknowledge: AcknowledgeComplaintDto,
  pause: PauseComplaintDto,
  resume: ResumeComplaintDto,
  extend: ExtendDeadlineDto,
  recordRootCause: RecordRootCauseDto,
  recordPurchase: RecordPurchaseDto,
  updateProfile: UpdateProfileDto,
};

const pipe = new FieldValidationPipe();
const idPipe = new IdPipe();

/**
 * What the HTTP API answers to a row before any rule of the business: the id in the path
 * (not for a filing, whose id is in its body), the body as the route's DTO validates it, and
 * the command context's rules (occurredAt at most 5 minutes ahead), in the route's order.
 */
export async function checkAsTheApiWould(operation: ImportOperation): Promise<Refusal | undefined> {
  const dto = BODIES[operation.command!];
  try {
    if (operation.command !== 'file') idPipe.transform(operation.targetId);
    await pipe.transform(operation.body, { type: 'body', metatype: dto });
    commandContextFrom({ actor: IMPORT_ACTOR, headers: {} }, operation.body.occurredAt as string);
    return undefined;
  } catch (error) {
    const refusal = refusalOf(error);
    if (!refusal) throw error;
    return refusal;
  }
}

/** The API's answer (status and message) to a refusal by the command path; undefined for anything else. */
export function refusalOf(error: unknown): Refusal | undefined {
  const known =
    error instanceof DomainError ||
    error instanceof HttpException ||
    error instanceof RevisionMismatchError ||
    error instanceof IdempotencyKeyReusedError;
  if (!known) return undefined;
  const { status, body } = toErrorResponse(error);
  return { status, message: Array.isArray(body.message) ? body.message.join('; ') : body.message };
}
