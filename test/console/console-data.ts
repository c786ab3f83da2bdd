import type { HttpAnswer } from '../support/http-client';

type Http = (
  method: string,
  path: string,
  options?: { body?: unknown; token?: string | null },
) => Promise<HttpAnswer>;

/** The period the console tests look at (February 2026) and the early-warning asOf. */
export const PERIOD = { from: '2026-02-01', to: '2026-03-01' };
export const AS_OF = '2026-03-20T00:00:00';

const day = (date: string, hours = 9) =>
  new Date(Date.parse(`${date}T00:00:00Z`) + hours * 3_600_000).toISOString();

async function ok(answer: Promise<HttpAnswer>): Promise<void> {
  const { status, text } = await answer;
  if (status >= 300) throw new Error(`seeding the console's data: ${status} ${text}`);
}

/**
 * A small data set made through the API as an agent: 12 complaints of 5 customers in February
 * 2026 (every resolution speed, three categories, products and two branches, call-backs,
 * surveys), 3 in January (the rankings' previous period), purchases before and after, and
 * two customers who bought without complaining (the baseline), and two corrective actions
 * (one completed on 2026-02-15, one overdue).
 */
export async function seedConsoleData(http: Http): Promise<{ complaints: string[]; customers: string[] }> {
  const categories = ['billing', 'delivery', 'quality'];
  const customers = ['CU-1', 'CU-2', 'CU-3', 'CU-4', 'CU-5'];
  const complaints: string[] = [];
  // Customers and complaints side by side (each one's events in order): seeding takes ~1 s.
  await Promise.all(
    customers.map((customerId) =>
      ok(
        http('POST', `/customers/${customerId}/purchases`, {
          body: { orderId: `${customerId}-O-1`, amount: 120, currency: 'EUR', occurredAt: day('2026-01-05') },
        }),
      ),
    ),
  );
  const fileOne = async (i: number) => {
    const complaintId = `K-${i}`;
    const previous = i > 12;
    const filed = previous
      ? `2026-01-${String(10 + i).padStart(2, '0')}`
      : `2026-02-${String(i).padStart(2, '0')}`;
    const customerId = customers[i % customers.length];
    complaints.push(complaintId);
    await ok(
      http('POST', '/complaints', {
        body: {
          complaintId,
          customerId,
          channel: i % 2 ? 'phone' : 'web',
          category: categories[i % 3],
          severity: ['low', 'medium', 'high'][i % 3],
          description: `Complaint ${i}`,
          branchId: `B-${(i % 2) + 1}`,
          productId: `P-${i % 3}`,
          occurredAt: day(filed),
        },
      }),
    );
    const speed = i % 4; // 0 unresolved, 1 on the spot, 2 within a day, 3 within three days
    if (speed === 0) return;
    const resolvedHours = [0, 9.5, 9 + 20, 9 + 50][speed];
    await ok(
      http('POST', `/complaints/${complaintId}/resolution`, {
        body: {
          resolutionType: 'refund',
          summary: 'Refunded',
          onTheSpot: speed === 1,
          occurredAt: day(filed, resolvedHours),
        },
      }),
    );
    await ok(
      http('POST', `/complaints/${complaintId}/callbacks`, {
        body: {
          reached: i % 3 !== 0,
          ...(i % 3 !== 0 && { attitude: i % 5 === 0 ? 'dissatisfied' : 'satisfied' }),
          occurredAt: day(filed, resolvedHours + 30),
        },
      }),
    );
    await ok(
      http('POST', `/complaints/${complaintId}/satisfaction`, {
        body: {
          respondent: { contactId: `${customerId}-C`, role: 'primary' },
          score: (i % 5) + 1,
          occurredAt: day(filed, resolvedHours + 40),
        },
      }),
    );
  };
  await Promise.all(Array.from({ length: 15 }, (_, index) => fileOne(index + 1)));
  // The baseline: customers who bought in February without complaining, one of them again in March.
  for (const [customerId, dates] of [
    ['CU-6', ['2026-02-10', '2026-03-05']],
    ['CU-7', ['2026-02-12']],
  ] as const) {
    for (const [index, date] of dates.entries()) {
      await ok(
        http('POST', `/customers/${customerId}/purchases`, {
          body: {
            orderId: `${customerId}-O-${index + 1}`,
            amount: 50,
            currency: 'EUR',
            occurredAt: day(date),
          },
        }),
      );
    }
  }
  for (const customerId of customers.slice(0, 3)) {
    await ok(
      http('POST', `/customers/${customerId}/purchases`, {
        body: { orderId: `${customerId}-O-2`, amount: 80, currency: 'EUR', occurredAt: day('2026-03-10') },
      }),
    );
  }
  // Corrective actions: one completed mid-February (its effect measured), one overdue.
  await ok(
    http('POST', '/corrective-actions', {
      body: {
        actionId: 'CA-1',
        target: { by: 'category', value: 'billing' },
        description: 'Fix the double charge',
        owner: 'billing-lead',
        dueAt: day('2026-02-28'),
        occurredAt: day('2026-01-20'),
      },
    }),
  );
  await ok(
    http('POST', '/corrective-actions/CA-1/completion', {
      body: { note: 'Deployed', occurredAt: day('2026-02-15') },
    }),
  );
  await ok(
    http('POST', '/corrective-actions', {
      body: {
        actionId: 'CA-2',
        target: { by: 'category', value: 'delivery' },
        description: 'Change the courier',
        owner: 'ops-lead',
        dueAt: day('2026-02-20'),
        occurredAt: day('2026-02-01'),
      },
    }),
  );
  return { complaints, customers };
}
