import {
  AccessDeniedError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  StreamDeletedError as EsdbStreamDeletedError,
  UnknownError,
  WrongExpectedVersionError,
  type AllStreamResolvedEvent,
} from '@eventstore/db-client';
import {
  EventStoreUnsupportedError,
  EventStoreValidationError,
  StreamDeletedError,
  WrongExpectedRevisionError,
} from '@cl/event-store';
import { toRecordedEvent } from '../../../libs/event-store/src/esdb/esdb-event-store';
import {
  isTransientError,
  toPortAppendError,
  toPortReadError,
} from '../../../libs/event-store/src/esdb/esdb-errors';
import { readStartAfter, toPortPosition } from '../../../libs/event-store/src/esdb/esdb-positions';
import { retryTransient } from '../../../libs/event-store/src/esdb/retry-transient';

describe('EventStoreDB mapping', () => {
  describe('positions', () => {
    it('starts a read after a position at that position itself, never at commit < prepare', () => {
      expect(readStartAfter(0n)).toBe('start');
      expect(readStartAfter(4096n)).toEqual({ commit: 4096n, prepare: 4096n });
    });

    it('refuses an event written in an explicit transaction (commit above prepare)', () => {
      expect(toPortPosition({ commit: 900n, prepare: 900n })).toBe(900n);
      expect(() => toPortPosition({ commit: 900n, prepare: 700n })).toThrow(EventStoreUnsupportedError);
    });
  });

  describe('events', () => {
    const resolved = (overrides: Record<string, unknown>): AllStreamResolvedEvent =>
      ({
        event: {
          id: '5b8f0f6e-8a52-4c7e-9d0a-0d7f5d2f3c11',
          streamId: 'complaint-1',
          revision: 3n,
          type: 'ComplaintFiled',
          data: { a: 1 },
          metadata: undefined,
          isJson: true,
          created: new Date('2026-01-02T03:04:05.678Z'),
          position: { commit: 512n, prepare: 512n },
          ...overrides,
        },
      }) as unknown as AllStreamResolvedEvent;

    it('maps a recorded event to the port', () => {
      expect(toRecordedEvent(resolved({}))).toEqual({
        id: '5b8f0f6e-8a52-4c7e-9d0a-0d7f5d2f3c11',
        streamId: 'complaint-1',
        revision: 3,
        position: 512n,
        type: 'ComplaintFiled',
        data: { a: 1 },
        metadata: {},
        recordedAt: '2026-01-02T03:04:05.678Z',
      });
    });

    it('hides system events, system streams and non-JSON events', () => {
      expect(toRecordedEvent(resolved({ type: '$metadata' }))).toBeUndefined();
      expect(toRecordedEvent(resolved({ streamId: '$stats-127.0.0.1:2113' }))).toBeUndefined();
      expect(toRecordedEvent(resolved({ isJson: false }))).toBeUndefined();
    });

    it('names streams without the namespace and hides streams outside it', () => {
      expect(toRecordedEvent(resolved({ streamId: 'run7-complaint-1' }), 'run7-')).toMatchObject({
        streamId: 'complaint-1',
      });
      expect(toRecordedEvent(resolved({ streamId: 'run8-complaint-1' }), 'run7-')).toBeUndefined();
    });

    it('refuses an event without a position (a server before 23.10)', () => {
      expect(() => toRecordedEvent(resolved({ position: undefined }))).toThrow(EventStoreUnsupportedError);
    });
  });

  describe('errors', () => {
    it('maps a conflict to WrongExpectedRevisionError with the actual revision', () => {
      const atFour = new WrongExpectedVersionError(undefined, {
        streamName: 's',
        expected: 3n,
        current: 4n,
      });
      expect(toPortAppendError(atFour, 's', 3)).toMatchObject({ expectedRevision: 3, actualRevision: 4 });
      const none = new WrongExpectedVersionError(undefined, {
        streamName: 's',
        expected: 'stream_exists',
        current: 'no_stream',
      });
      const mapped = toPortAppendError(none, 's', 'stream_exists');
      expect(mapped).toBeInstanceOf(WrongExpectedRevisionError);
      expect(mapped).toMatchObject({ actualRevision: 'no_stream' });
    });

    it('maps the server refusing the append size to a validation error (nothing was written)', () => {
      const mapped = toPortAppendError(MaxAppendSizeExceededError.fromMaxAppendSize(1048576), 's', 'any');
      expect(mapped).toBeInstanceOf(EventStoreValidationError);
      expect((mapped as Error).message).toContain('1048576');
    });

    it('maps a tombstoned stream to StreamDeletedError on append and read', () => {
      expect(toPortAppendError(EsdbStreamDeletedError.fromStreamName('s'), 's', 0)).toBeInstanceOf(
        StreamDeletedError,
      );
      expect(toPortReadError(EsdbStreamDeletedError.fromStreamName('s'), 's')).toMatchObject({
        name: 'StreamDeletedError',
        streamId: 's',
      });
    });

    it('treats timeouts and unavailability as transient, access denied and unknown errors not', () => {
      expect(isTransientError(new DeadlineExceededError())).toBe(true);
      expect(isTransientError(new AccessDeniedError())).toBe(false);
      expect(isTransientError(new UnknownError())).toBe(false);
      expect(isTransientError(new TypeError('x'))).toBe(false);
    });
  });

  describe('append retries', () => {
    const noWait = () => Promise.resolve();
    const backoff = { baseMs: 1, maxMs: 1 };

    it('retries an append that timed out (a repeat the server dropped as not ready)', async () => {
      let calls = 0;
      const result = await retryTransient(
        async () => {
          calls += 1;
          if (calls < 3) throw new DeadlineExceededError();
          return 'appended';
        },
        4,
        backoff,
        noWait,
      );
      expect(result).toBe('appended');
      expect(calls).toBe(3);
    });

    it('gives up after its attempts, and at once on an error that is not transient', async () => {
      let calls = 0;
      const timingOut = retryTransient(
        async () => {
          calls += 1;
          throw new DeadlineExceededError();
        },
        4,
        backoff,
        noWait,
      );
      await expect(timingOut).rejects.toBeInstanceOf(DeadlineExceededError);
      expect(calls).toBe(4);
      calls = 0;
      const denied = retryTransient(
        async () => {
          calls += 1;
          throw new AccessDeniedError();
        },
        4,
        backoff,
        noWait,
      );
      await expect(denied).rejects.toBeInstanceOf(AccessDeniedError);
      expect(calls).toBe(1);
    });
  });
});
