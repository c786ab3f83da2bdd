import { resumePoint, type DeliveryState, type Subscription } from '@cl/integration';

/** Where a subscription's delivery resumes: its state in Redis, or what its stream records (subscription-delivery.ts). */
describe('resumePoint', () => {
  const STORE = 'store-a';
  const subscription = (changes: Partial<Subscription> = {}): Subscription => ({
    subscriptionId: 's-1',
    ownerId: 'actor-1',
    url: 'https://example.com/hook',
    eventTypes: null,
    streamPrefix: null,
    fromPosition: '10',
    replays: 0,
    encryptedSecret: 'v1.x',
    createdAt: '2026-12-07T00:00:00.000Z',
    deleted: false,
    progress: null,
    ...changes,
  });
  const stored = (changes: Partial<DeliveryState> = {}): DeliveryState => ({
    checkpoint: 500n,
    replays: 0,
    status: 'active',
    attempt: 0,
    failingSince: 0,
    nextAttemptAt: 0,
    storeId: STORE,
    unrecorded: 40,
    recordedAt: 1,
    ...changes,
  });
  const failingProgress = {
    replays: 0,
    deliveredUpTo: '400',
    status: 'failing' as const,
    deadLetteredFrom: '300',
  };

  it('keeps a state of this store, at the current replay, within the head', () => {
    const state = stored();
    expect(resumePoint(subscription(), state, STORE, 1000n)).toEqual({ state, follows: true });
    // Written before stores had an identity: taken as this store's (the turn stamps it).
    const legacy = stored({ storeId: undefined });
    expect(resumePoint(subscription(), legacy, STORE, 1000n)).toEqual({ state: legacy, follows: true });
  });

  it('resumes from the recorded progress when the state is of another store, with the reason', () => {
    const resumed = resumePoint(
      subscription({ progress: failingProgress }),
      stored({ storeId: 'store-b' }),
      STORE,
      1000n,
    );
    expect(resumed.follows).toBe(false);
    expect(resumed.recovery).toMatch(/recorded for store store-b, but the store is store-a/);
    expect(resumed.state).toMatchObject({
      checkpoint: 400n,
      status: 'failing',
      deadLetteredFrom: 300n,
      storeId: STORE,
      unrecorded: 0,
    });
  });

  it('resumes from the recorded progress when the state is beyond the head, unless it is the start it was given', () => {
    const beyond = resumePoint(
      subscription({ progress: failingProgress }),
      stored({ checkpoint: 2000n }),
      STORE,
      1000n,
    );
    expect(beyond.recovery).toMatch(/beyond the store's head/);
    expect(beyond.state.checkpoint).toBe(400n);
    // A subscription created (or replayed) from a position ahead of the head waits there.
    const ahead = subscription({ fromPosition: '2000' });
    const start = stored({ checkpoint: 2000n });
    expect(resumePoint(ahead, start, STORE, 1000n)).toEqual({ state: start, follows: true });
  });

  it('resumes from the record when Redis lost the state; a subscription without any record starts', () => {
    const lost = resumePoint(subscription({ progress: failingProgress }), undefined, STORE, 1000n);
    expect(lost.recovery).toMatch(/gone \(Redis lost its data\).* at 400/);
    expect(lost.state).toMatchObject({ checkpoint: 400n, status: 'failing', deadLetteredFrom: 300n });
    const fresh = resumePoint(subscription(), undefined, STORE, 1000n);
    expect(fresh.recovery).toBeUndefined();
    expect(fresh.state).toMatchObject({ checkpoint: 10n, status: 'active', storeId: STORE });
    expect(fresh.state.deadLetteredFrom).toBeUndefined();
  });

  it('starts a replay whose reset never reached Redis; a state of a replay the stream never had is another history', () => {
    const replayed = subscription({ replays: 2, fromPosition: '50' });
    const behind = resumePoint(replayed, stored({ replays: 1 }), STORE, 1000n);
    expect(behind).toMatchObject({ follows: false, state: { checkpoint: 50n, replays: 2 } });
    expect(behind.recovery).toBeUndefined();
    const ahead = resumePoint(subscription(), stored({ replays: 3 }), STORE, 1000n);
    expect(ahead.recovery).toMatch(/replay 3 of a subscription that has had 0/);
    expect(ahead.state).toMatchObject({ checkpoint: 10n, replays: 0 });
  });
});
