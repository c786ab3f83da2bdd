import { hash } from 'node:crypto';
import type { RecordedEvent } from '@cl/event-store';
import { GENESIS_HASH } from './hash-chain';
import { storedHashOf } from './published-event';

/** The stream the seals are appended to. */
export const AUDIT_SEALS_STREAM = 'audit-seals';
export const AUDIT_SEALED = 'AuditSealed';

/** Data of an AuditSealed event (docs/http-api.md, Audit). */
export interface AuditSealed {
  /** A decimal string: the seal covers every event with a position up to it. */
  upToPosition: string;
  /** Events with a position up to upToPosition, seals included. */
  events: number;
  /** Streams with an event at a position up to upToPosition, `audit-seals` included. */
  streams: number;
  /** The previous seal's logHash chained with the hash of every event it did not cover. */
  logHash: string;
  /** hash of the previous AuditSealed event (64 zeros for the first). */
  prevSealHash: string;
}

/** L' = lowercase hex SHA-256 of the UTF-8 bytes of L followed by the event's hash. */
export function nextLogHash(logHash: string, eventHash: string): string {
  return hash('sha256', logHash + eventHash, 'hex');
}

/**
 * The log as a seal sees it, folded event by event in position order: its logHash and how
 * many events and streams it holds up to `upTo`.
 */
export class LogFold {
  constructor(
    public logHash = GENESIS_HASH,
    public events = 0,
    public streams = 0,
    public upTo = 0n,
  ) {}

  static after(seal: AuditSealed | undefined): LogFold {
    return seal
      ? new LogFold(seal.logHash, seal.events, seal.streams, BigInt(seal.upToPosition))
      : new LogFold();
  }

  /** `opensStream`: the event is the first of a stream it has not counted yet. */
  accept(event: RecordedEvent, opensStream: boolean): void {
    this.logHash = nextLogHash(this.logHash, storedHashOf(event));
    this.events++;
    if (opensStream) this.streams++;
    this.upTo = event.position;
  }
}

/** The seal's data, or undefined when the event is not a well-formed seal. */
export function sealOf(event: RecordedEvent): AuditSealed | undefined {
  if (event.type !== AUDIT_SEALED) return undefined;
  const data = event.data as Partial<AuditSealed>;
  const wellFormed =
    typeof data.upToPosition === 'string' &&
    /^\d{1,30}$/.test(data.upToPosition) &&
    Number.isSafeInteger(data.events) &&
    Number.isSafeInteger(data.streams) &&
    typeof data.logHash === 'string' &&
    typeof data.prevSealHash === 'string';
  return wellFormed ? (data as AuditSealed) : undefined;
}
