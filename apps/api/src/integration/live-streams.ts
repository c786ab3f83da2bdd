import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import type { ServerResponse } from 'node:http';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import type { PersonalDataCipher } from '@cl/personal-data';
import { PERSONAL_DATA } from '@cl/personal-data/nest';
import { eventSelector, type EventSelection } from '@cl/integration';
import { REDIS } from '@cl/redis/nest';
import type Redis from 'ioredis';
import { LiveEventStream } from './live-event-stream';
import { LiveStreamSlots, TooManyLiveStreamsError, type LiveStreamSlot } from './live-stream-slots';

/**
 * The open live streams of this process: opened per request (each in one of its actor's
 * SSE_MAX_STREAMS slots, counted over all processes), ended when the service stops.
 */
@Injectable()
export class LiveStreams implements OnModuleDestroy {
  private readonly logger = new Logger('LiveStreams');
  private readonly open = new Set<LiveEventStream>();
  private readonly slots: LiveStreamSlots;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(REDIS) redis: Redis,
    @Inject(PERSONAL_DATA) private readonly personalData: PersonalDataCipher,
  ) {
    this.slots = new LiveStreamSlots(redis, config.redisPrefix, config.integration.sseMaxStreams, (error) =>
      this.logger.warn(`A live stream's slot: ${(error as Error).message}`),
    );
  }

  /**
   * A place for one more stream of this actor, to pass to `start`. Without Redis the stream
   * is let through uncounted (the live stream needs only the store; the limit is a guard,
   * not its condition).
   * @throws TooManyLiveStreamsError (429) when it has SSE_MAX_STREAMS open
   */
  async claimSlot(actorId: string): Promise<LiveStreamSlot> {
    try {
      return await this.slots.claim(actorId);
    } catch (error) {
      if (error instanceof TooManyLiveStreamsError) throw error;
      this.logger.warn(`A live stream opened uncounted (SSE_MAX_STREAMS): ${(error as Error).message}`);
      return { release: () => undefined };
    }
  }

  start(response: ServerResponse, after: bigint, selection: EventSelection, slot: LiveStreamSlot): void {
    const settings = this.config.integration;
    const stream = new LiveEventStream(
      response,
      this.store.subscribeToAll({ after }),
      eventSelector(selection),
      after,
      { keepAliveMs: settings.sseKeepAliveSeconds * 1000, stallMs: settings.sseStallSeconds * 1000 },
      this.personalData,
    );
    this.open.add(stream);
    stream
      .run()
      .catch((error: unknown) => {
        this.logger.error(`A live stream failed: ${(error as Error).message}`);
        if (!response.headersSent) response.writeHead(500);
        response.destroy();
      })
      .finally(() => {
        this.open.delete(stream);
        slot.release();
      });
  }

  /** Bytes written to live-stream clients and not yet taken by their sockets. */
  bufferedBytes(): number {
    let total = 0;
    for (const stream of this.open) total += stream.bufferedBytes;
    return total;
  }

  get count(): number {
    return this.open.size;
  }

  onModuleDestroy(): void {
    for (const stream of this.open) stream.end('the service is stopping; reconnect with Last-Event-ID');
  }
}
