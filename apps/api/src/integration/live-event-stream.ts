import type { ServerResponse } from 'node:http';
import { publishEvents, type EventOpener } from '@cl/audit';
import { readyBatches, type EventSubscription, type RecordedEvent } from '@cl/event-store';
import { sseComment, sseEvent, sseIdOnly } from '@cl/integration';

/** At most this many events are opened and held at a time (a catch-up's batches). */
const BATCH = 200;

export interface LiveEventStreamOptions {
  keepAliveMs: number;
  /** How long a full write buffer may wait for the client to read before it is disconnected. */
  stallMs: number;
}

/**
 * One client's Server-Sent Events stream: pulls events from a catch-up-then-live subscription
 * and writes those the client selected. Backpressure: when the socket's write buffer is full
 * (`write` answers false), nothing more is pulled until it drains, so a slow client holds at
 * most one buffer of events in the server; one that reads nothing for `stallMs` is told so in a
 * comment and disconnected (it resumes with Last-Event-ID). The events ready together (many
 * while catching up, one or a few once live) have their personal fields opened together, in
 * clear or "[erased]": one look-up of their keys, then written one by one in order.
 */
export class LiveEventStream {
  private closed = false;
  private corked = false;
  private lastExamined: bigint;
  private lastAnnounced: bigint;
  private keepAliveTimer?: NodeJS.Timeout;

  constructor(
    private readonly response: ServerResponse,
    private readonly subscription: EventSubscription,
    private readonly matches: (event: RecordedEvent) => boolean,
    after: bigint,
    private readonly options: LiveEventStreamOptions,
    private readonly opener: EventOpener,
  ) {
    this.lastExamined = after;
    this.lastAnnounced = after;
    response.on('close', () => this.stop());
  }

  /** Bytes written but not yet taken by the client's socket. */
  get bufferedBytes(): number {
    return this.response.writableLength;
  }

  async run(): Promise<void> {
    this.response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    this.response.write(sseComment('connected'));
    this.keepAliveTimer = setInterval(() => this.keepAlive(), this.options.keepAliveMs);
    try {
      batches: for await (const batch of readyBatches(this.subscription, BATCH)) {
        if (this.closed) break;
        const selected = batch.filter(this.matches);
        const published = await publishEvents(selected, this.opener);
        let next = 0;
        for (const event of batch) {
          if (this.closed) break batches;
          // Examined in order: a keep-alive never announces a position past an unwritten event.
          this.lastExamined = event.position;
          if (selected[next] !== event) continue;
          const frame = sseEvent(event.position.toString(), JSON.stringify(published[next++]));
          if (this.write(frame)) continue;
          if (!(await this.drained())) {
            if (!this.closed) this.disconnectStalled();
            break batches;
          }
        }
      }
    } finally {
      this.stop();
    }
  }

  /** Ends the stream (the service is shutting down): the client reconnects with Last-Event-ID. */
  end(reason: string): void {
    if (this.closed) return;
    this.response.end(sseComment(reason));
    this.stop();
  }

  private write(frame: string): boolean {
    this.lastAnnounced = this.lastExamined;
    // Events pulled in one turn of the event loop leave in one socket write.
    if (!this.corked) {
      this.corked = true;
      this.response.cork();
      setImmediate(() => this.uncork());
    }
    return this.response.write(frame);
  }

  private uncork(): void {
    if (!this.corked) return;
    this.corked = false;
    this.response.uncork();
  }

  /** Resolves true once the buffer drained, false after stallMs or when the client left. */
  private drained(): Promise<boolean> {
    this.uncork();
    return new Promise((resolve) => {
      const done = (result: boolean) => {
        clearTimeout(timer);
        this.response.off('drain', onDrain);
        this.response.off('close', onClose);
        resolve(result);
      };
      const onDrain = () => done(true);
      const onClose = () => done(false);
      const timer = setTimeout(() => done(false), this.options.stallMs);
      this.response.once('drain', onDrain);
      this.response.once('close', onClose);
    });
  }

  private keepAlive(): void {
    // A full buffer is not added to: the stall timeout decides about that client.
    if (this.closed || this.response.writableNeedDrain) return;
    const moved = this.lastExamined > this.lastAnnounced;
    this.write(
      moved ? sseComment('keep-alive') + sseIdOnly(this.lastExamined.toString()) : sseComment('keep-alive'),
    );
    this.lastAnnounced = this.lastExamined;
  }

  private disconnectStalled(): void {
    const seconds = this.options.stallMs / 1000;
    this.response.end(
      sseComment(`disconnected: the client read nothing for ${seconds} s; reconnect with Last-Event-ID`),
    );
    // A client that reads nothing never takes that comment either: the socket goes after a grace.
    const socket = this.response.socket;
    setTimeout(() => socket?.destroy(), 1000).unref();
    this.stop();
  }

  private stop(): void {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.keepAliveTimer);
    this.subscription.close();
  }
}
