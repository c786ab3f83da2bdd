import { TOKENS } from '../support/http-client';
import { expectOk, useTestApp } from '../support/test-app';

describe('GET /customers/:id/history', () => {
  const service = useTestApp();
  const { http } = service;
  const file = (complaintId: string, customerId: string, occurredAt: string) =>
    expectOk(
      http('POST', '/complaints', {
        body: {
          complaintId,
          customerId,
          occurredAt,
          channel: 'web',
          category: 'billing',
          severity: 'low',
          description: 'd',
        },
      }),
    );

  beforeAll(async () => {
    await expectOk(
      http('PUT', '/customers/CU-H/profile', {
        body: { valueTier: 'A', occurredAt: '2026-02-01T00:00:00Z' },
      }),
    );
    // Filed in this order; the ids do not sort that way.
    await file('H-B', 'CU-H', '2026-03-01T10:00:00Z');
    await file('OTHER-1', 'CU-O', '2026-03-01T11:00:00Z');
    await file('H-A', 'CU-H', '2026-03-02T10:00:00Z');
    await expectOk(
      http('POST', '/customers/CU-H/purchases', {
        body: { orderId: 'O-1', amount: 40, currency: 'EUR', occurredAt: '2026-03-03T00:00:00Z' },
      }),
    );
    await service.projectionsCaughtUp();
  });

  it("answers the customer stream's events in the shared shape and the complaints in filing order", async () => {
    const answer = await http('GET', '/customers/CU-H/history', { token: TOKENS.analyst });
    expect(answer.status).toBe(200);
    expect(answer.body.customerId).toBe('CU-H');
    expect(answer.body.complaints).toEqual(['H-B', 'H-A']);
    expect(answer.body.events.map((event: { type: string }) => event.type)).toEqual([
      'CustomerProfileUpdated',
      'PurchaseRecorded',
    ]);
    const [profile, purchase] = answer.body.events;
    expect(profile).toMatchObject({
      streamId: 'customer-CU-H',
      revision: 0,
      occurredAt: '2026-02-01T00:00:00.000Z',
      actor: { role: 'agent', via: 'api-key' },
      prevHash: '0'.repeat(64),
    });
    expect(purchase).toMatchObject({
      revision: 1,
      prevHash: profile.hash,
      data: { orderId: 'O-1', amount: 40 },
    });
    expect(typeof purchase.position).toBe('string');
  });

  it('names a customer known only from a complaint, with no events of its own', async () => {
    const answer = await http('GET', '/customers/CU-O/history', { token: TOKENS.auditor });
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ customerId: 'CU-O', events: [], complaints: ['OTHER-1'] });
  });

  it('is open to agents, analysts and auditors (and admin), 403 for the integrator, 401 without a token', async () => {
    for (const token of [TOKENS.agent, TOKENS.analyst, TOKENS.auditor, TOKENS.admin]) {
      expect((await http('GET', '/customers/CU-H/history', { token })).status).toBe(200);
    }
    expect((await http('GET', '/customers/CU-H/history', { token: TOKENS.integrator })).status).toBe(403);
    expect((await http('GET', '/customers/CU-H/history', { token: null })).status).toBe(401);
  });

  it('is 404 for an id no event names and 400 for a malformed id', async () => {
    const unknown = await http('GET', '/customers/CU-NOBODY/history', { token: TOKENS.analyst });
    expect(unknown.status).toBe(404);
    expect(unknown.body).toMatchObject({ statusCode: 404, error: 'Not Found' });
    expect((await http('GET', '/customers/bad%20id/history', { token: TOKENS.analyst })).status).toBe(400);
  });
});
