import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { RiskReactor } from '@cl/early-warning';

import { useTestApp } from '../support/test-app';

/** CustomerRiskChanged, once per change of level: from events, and from time passing. */
describe('early-warning reactor', () => {
  const service = useTestApp({ SLA_HOURS: 'critical=0.0005', RISK_SWEEP_SECONDS: '0.5' });
  const { http } = service;
  let store: EventStore;

  beforeAll(async () => {
    // Critical complaints are due after 1.8 s; every customer is re-evaluated twice a second.
    store = service.app.get(EVENT_STORE);
  });

  const changes = async (customerId: string) =>
    (await store.readStream(`customerRisk-${customerId}`)).map((event) => event.data);
  const eventually = async (check: () => Promise<boolean>, timeoutMs = 8000) => {
    const deadline = Date.now() + timeoutMs;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error('timed out');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const file = (complaintId: string, customerId: string, severity: string) =>
    http('POST', '/complaints', {
      body: { complaintId, customerId, severity, channel: 'web', category: 'billing', description: 'd' },
    });

  it('records a change of level once, with the previous level and the reasons', async () => {
    expect((await file('W-1', 'CU-W', 'low')).status).toBe(201);
    await http('POST', '/complaints/W-1/close', {});
    await http('POST', '/complaints/W-1/satisfaction', {
      body: { respondent: { contactId: 'P', role: 'user' }, score: 2 },
    });
    await eventually(async () => (await changes('CU-W')).length > 0);
    expect(await changes('CU-W')).toEqual([
      {
        score: 25,
        level: 'watch',
        previousLevel: 'none',
        reasons: [{ code: 'LOW_SATISFACTION', points: 25, detail: 'latest satisfaction score 2' }],
        asOf: expect.stringMatching(/Z$/),
      },
    ]);
    const [event] = await store.readStream('customerRisk-CU-W');
    expect(event.type).toBe('CustomerRiskChanged');
    expect(event.metadata).toMatchObject({
      actor: { id: 'early-warning', role: 'system' },
      schemaVersion: 2,
    });
    // A survey that leaves the level where it is records nothing.
    await http('POST', '/complaints/W-1/satisfaction', {
      body: { respondent: { contactId: 'Q', role: 'user' }, score: 1 },
    });
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(await changes('CU-W')).toHaveLength(1);
  });

  it('records a change caused by time passing (an open complaint going past its due time)', async () => {
    expect((await file('T-1', 'CU-T', 'critical')).status).toBe(201);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(await changes('CU-T')).toEqual([]); // not due yet: score 0
    await eventually(async () => (await changes('CU-T')).length > 0);
    expect(await changes('CU-T')).toEqual([
      expect.objectContaining({ level: 'watch', previousLevel: 'none', score: 30 }),
    ]);
  });

  it('never records one change twice, however many evaluations race', async () => {
    expect((await file('R-1', 'CU-R', 'low')).status).toBe(201);
    await http('POST', '/complaints/R-1/close', {});
    await http('POST', '/complaints/R-1/satisfaction', {
      body: { respondent: { contactId: 'P', role: 'user' }, score: 3 },
    });
    await http('POST', '/complaints/R-1/satisfaction', {
      body: { respondent: { contactId: 'P', role: 'user' }, score: 1 },
    });
    const reactor = service.app.get(RiskReactor);
    await eventually(async () => (await reactor.evaluate('CU-R')) || (await changes('CU-R')).length > 0);
    await Promise.all(Array.from({ length: 10 }, () => reactor.evaluate('CU-R')));
    expect(await changes('CU-R')).toHaveLength(1);
  });
});
