import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore } from '@cl/event-store';
import { RiskReactor } from '@cl/early-warning';

import { useTestApp } from '../support/test-app';

/** docs/domain.md, Streams: customer `risk-abc` and customer `abc` have nothing in common. */
describe('risk stream names', () => {
  const service = useTestApp();
  const { http } = service;
  let store: EventStore;

  beforeAll(async () => {
    store = service.app.get(EVENT_STORE);
  });

  it('a risk change of customer abc and the purchases of customer risk-abc live in streams of their own', async () => {
    // abc at watch: a closed complaint with a low survey.
    const filed = await http('POST', '/complaints', {
      body: {
        complaintId: 'K-ABC',
        customerId: 'abc',
        severity: 'low',
        channel: 'web',
        category: 'billing',
        description: 'd',
      },
    });
    expect(filed.status).toBe(201);
    expect((await http('POST', '/complaints/K-ABC/close', {})).status).toBe(200);
    const survey = await http('POST', '/complaints/K-ABC/satisfaction', {
      body: { respondent: { contactId: 'P', role: 'user' }, score: 2 },
    });
    expect(survey.status).toBe(200);
    const reactor = service.app.get(RiskReactor);
    const deadline = Date.now() + 8000;
    while ((await store.readStream('customerRisk-abc')).length === 0) {
      if (Date.now() > deadline) throw new Error('no CustomerRiskChanged for abc');
      await reactor.evaluate('abc');
      await new Promise((resolve) => setTimeout(resolve, 50));
    }

    // Customer risk-abc: purchases and a profile update after abc's risk was recorded.
    for (const orderId of ['O-1', 'O-2']) {
      const purchase = await http('POST', '/customers/risk-abc/purchases', {
        body: { orderId, amount: 10, currency: 'EUR' },
      });
      expect(purchase.status).toBe(201);
    }
    expect((await http('PUT', '/customers/risk-abc/profile', { body: { valueTier: 'A' } })).status).toBe(200);
    // The same order again is still the customer's own conflict, not a 500.
    const again = await http('POST', '/customers/risk-abc/purchases', {
      body: { orderId: 'O-1', amount: 10, currency: 'EUR' },
    });
    expect(again.status).toBe(409);
    await reactor.evaluate('abc');

    expect((await store.readStream('customer-risk-abc')).map((event) => event.type)).toEqual([
      'PurchaseRecorded',
      'PurchaseRecorded',
      'CustomerProfileUpdated',
    ]);
    expect((await store.readStream('customerRisk-abc')).map((event) => event.data)).toEqual([
      expect.objectContaining({ level: 'watch', previousLevel: 'none' }),
    ]);
    expect(await store.readStream('customer-abc')).toEqual([]);
  });
});
