import type { ComplaintCommandType } from '@cl/complaints';
import type { CustomerCommand } from '@cl/customers';

/**
 * The command types a row may stand for: the API's commands on complaints and customers (not
 * an erasure, which deletes keys before it records anything: docs/privacy.md).
 */
export type ImportCommandType =
  | Exclude<ComplaintCommandType, 'escalateForBreach' | 'recordCallbackMissed'>
  | Exclude<CustomerCommand['type'], 'eraseData'>;

/** Why a row was not written: the answer the API would give (status and message). */
export interface Refusal {
  status: number;
  message: string;
}

/**
 * One row of the file as a command: on which stream, the API body it stands for (the
 * fields its route validates, occurredAt included) and how it is told apart from every
 * other row (its identity, see row-identity.ts).
 */
export interface ImportOperation {
  /** Line of the file where the row starts (the header is line 1). */
  line: number;
  /** The event name of the row (generic format), e.g. `filed`. */
  event: string;
  /** `complaint` for rows on a complaint, `customer` for purchases and profiles. */
  target: 'complaint' | 'customer';
  /** The complaint's or customer's id as the file gives it (may be invalid: then refused). */
  targetId: string;
  /** Always present for a customer row; for a complaint row when the file gives one. */
  complaintId?: string;
  customerId?: string;
  /** `complaint-<id>` or `customer-<id>`: rows are applied per stream. */
  streamId: string;
  /** occurredAt normalized (undefined when missing or not a date-time: the row is refused). */
  occurredAt?: string;
  /** The command the row stands for; undefined for a row refused before any rule (`refusal`). */
  command?: ImportCommandType;
  /** The API body, in the route's field names and JSON types. */
  body: Record<string, unknown>;
  /** For a filed row that follows another complaint: that complaint's id. */
  followUpOf?: string;
  /** Refused while mapping (unknown event, missing occurredAt, a malformed CSV record, ...). */
  refusal?: Refusal;
  /** The row's canonical fields (see row-identity.ts). */
  canonical: string;
}
