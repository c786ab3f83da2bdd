import type { RecordedEvent } from '@cl/event-store';
import { GENESIS_HASH } from './hash-chain';
import { storedHashOf } from './published-event';
import { LogFold, sealOf } from './seal';
import { StreamChainCheck } from './stream-chain-check';

/** GET /audit/verify (docs/http-api.md, Audit), and what `npm run audit -- verify` reports. */
export interface LogVerification {
  valid: boolean;
  streams: number;
  events: number;
  /** Streams whose chain breaks, in the order of the positions where the breaks were found. */
  invalid: { streamId: string; firstInvalidRevision: number }[];
  seals: {
    /** Seals compared with the log, the failing one included. */
    checked: number;
    /** upToPosition of the first seal the log disagrees with (decimal string). */
    firstInvalidPosition?: string;
    /** That seal, and what disagrees. */
    firstInvalidSeal?: InvalidSeal;
  };
}

export interface InvalidSeal {
  /** Position of the AuditSealed event. */
  position: string;
  revision: number;
  /** The seal covers (afterPosition, upToPosition]: the log differs from it there. */
  afterPosition: string;
  upToPosition: string;
  mismatch: 'malformed' | 'prevSealHash' | 'upToPosition' | 'logHash' | 'events' | 'streams';
}

interface PendingSeal {
  event: RecordedEvent;
  upTo: bigint;
}

/**
 * Verifies the whole log in one pass in position order: each stream's hash chain (one
 * StreamChainCheck per stream: memory grows with the streams, not the events), and every
 * seal, known beforehand (the `audit-seals` stream is small), against the log folded up to
 * its upToPosition.
 */
export class LogCheck {
  private readonly streams = new Map<string, StreamChainCheck>();
  private readonly fold = new LogFold();
  private readonly pending: PendingSeal[];
  private next = 0;
  private previousSealHash = GENESIS_HASH;
  private previousUpTo = 0n;
  private checked = 0;
  private invalidSeal: InvalidSeal | undefined;
  private events = 0;

  /** `seals`: the events of `audit-seals` in revision order. */
  constructor(seals: readonly RecordedEvent[]) {
    this.pending = seals.map((event) => {
      const seal = sealOf(event);
      return { event, upTo: seal ? BigInt(seal.upToPosition) : -1n };
    });
  }

  accept(event: RecordedEvent): void {
    this.checkSealsBefore(event.position);
    this.events++;
    let stream = this.streams.get(event.streamId);
    const opensStream = stream === undefined;
    if (!stream) this.streams.set(event.streamId, (stream = new StreamChainCheck()));
    stream.accept(event);
    this.fold.accept(event, opensStream);
  }

  finish(): LogVerification {
    this.checkSealsBefore(undefined);
    const broken: { streamId: string; firstInvalidRevision: number; at: bigint }[] = [];
    for (const [streamId, stream] of this.streams) {
      if (stream.firstInvalidRevision !== undefined) {
        broken.push({ streamId, firstInvalidRevision: stream.firstInvalidRevision, at: stream.brokenAt! });
      }
    }
    broken.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
    const invalid = broken.map(({ streamId, firstInvalidRevision }) => ({ streamId, firstInvalidRevision }));
    const seals: LogVerification['seals'] = { checked: this.checked };
    if (this.invalidSeal) {
      seals.firstInvalidPosition = this.invalidSeal.upToPosition;
      seals.firstInvalidSeal = this.invalidSeal;
    }
    return {
      valid: invalid.length === 0 && this.invalidSeal === undefined,
      streams: this.streams.size,
      events: this.events,
      invalid,
      seals,
    };
  }

  /** Compares every seal whose upToPosition is before `position` (all, when undefined). */
  private checkSealsBefore(position: bigint | undefined): void {
    while (this.next < this.pending.length && this.invalidSeal === undefined) {
      const { event, upTo } = this.pending[this.next];
      if (position !== undefined && upTo >= position) return;
      this.next++;
      this.checked++;
      this.invalidSeal = this.compare(event, upTo);
      this.previousSealHash = storedHashOf(event);
      this.previousUpTo = upTo;
    }
  }

  private compare(event: RecordedEvent, upTo: bigint): InvalidSeal | undefined {
    const seal = sealOf(event);
    const invalid = (mismatch: InvalidSeal['mismatch']): InvalidSeal => ({
      position: event.position.toString(),
      revision: event.revision,
      afterPosition: this.previousUpTo.toString(),
      upToPosition: (seal ? upTo : event.position).toString(),
      mismatch,
    });
    if (!seal) return invalid('malformed');
    if (seal.prevSealHash !== this.previousSealHash) return invalid('prevSealHash');
    if (upTo <= this.previousUpTo || upTo >= event.position) return invalid('upToPosition');
    if (seal.logHash !== this.fold.logHash) return invalid('logHash');
    if (seal.events !== this.fold.events) return invalid('events');
    if (seal.streams !== this.streams.size) return invalid('streams');
    return undefined;
  }
}
