import {
  DEMO_CURRENCY,
  type DemoPlan,
  type PlannedComplaint,
  type PlannedCustomer,
  type PlannedStep,
} from './demo-plan';

/** One command of the public HTTP API, with the Idempotency-Key that makes a re-run safe. */
export interface DemoRequest {
  method: 'POST' | 'PUT';
  path: string;
  body: Record<string, unknown>;
  idempotencyKey: string;
}

/**
 * A sequence of requests that must run in order (one stream's events, whose occurredAt never
 * goes backwards); lanes run side by side.
 */
export type Lane = DemoRequest[];

const iso = (ms: number) => new Date(ms).toISOString();
const enc = encodeURIComponent;

/** The plan as lanes: one per customer stream, one per complaint stream. */
export function demoLanes(plan: DemoPlan): Lane[] {
  const lanes: Lane[] = [];
  for (const customer of plan.customers) {
    lanes.push(customerLane(plan.seed, customer));
    for (const complaint of customer.complaints) lanes.push(complaintLane(plan.seed, complaint));
  }
  return lanes;
}

function customerLane(seed: number, customer: PlannedCustomer): Lane {
  const key = (what: string) => `demo-${seed}-${customer.customerId}-${what}`;
  const path = `/customers/${enc(customer.customerId)}`;
  return [
    {
      method: 'PUT',
      path: `${path}/profile`,
      body: { segment: customer.segment, valueTier: customer.valueTier, occurredAt: iso(customer.createdAt) },
      idempotencyKey: key('profile'),
    },
    ...customer.purchases.map((purchase): DemoRequest => ({
      method: 'POST',
      path: `${path}/purchases`,
      body: {
        orderId: purchase.orderId,
        amount: purchase.amount,
        currency: DEMO_CURRENCY,
        occurredAt: iso(purchase.occurredAt),
      },
      idempotencyKey: key(purchase.orderId),
    })),
  ];
}

function complaintLane(seed: number, complaint: PlannedComplaint): Lane {
  const key = (index: number) => `demo-${seed}-${complaint.complaintId}-${index}`;
  const filing: DemoRequest = {
    method: 'POST',
    path: '/complaints',
    body: {
      complaintId: complaint.complaintId,
      customerId: complaint.customerId,
      channel: complaint.channel,
      category: complaint.category,
      severity: complaint.severity,
      description: complaint.description,
      ...(complaint.branchId ? { branchId: complaint.branchId } : {}),
      ...(complaint.productId ? { productId: complaint.productId } : {}),
      ...(complaint.orderId ? { orderId: complaint.orderId } : {}),
      occurredAt: iso(complaint.filedAt),
    },
    idempotencyKey: key(0),
  };
  const path = `/complaints/${enc(complaint.complaintId)}`;
  return [
    filing,
    ...complaint.steps.map((step, index): DemoRequest => {
      const [suffix, body] = stepBody(step);
      return {
        method: 'POST',
        path: `${path}/${suffix}`,
        body: { ...body, occurredAt: iso(step.at) },
        idempotencyKey: key(index + 1),
      };
    }),
  ];
}

function stepBody(step: PlannedStep): [string, Record<string, unknown>] {
  switch (step.kind) {
    case 'assign':
      return ['assignment', { agentId: step.agentId }];
    case 'escalate':
      return ['escalation', { note: step.note }];
    case 'resolve': {
      const { kind: _kind, at: _at, ...body } = step;
      return ['resolution', body];
    }
    case 'callback': {
      const { kind: _kind, at: _at, ...body } = step;
      return ['callbacks', body];
    }
    case 'survey': {
      const { kind: _kind, at: _at, ...body } = step;
      return ['satisfaction', body];
    }
    case 'reopen':
      return ['reopen', { reason: step.reason }];
    case 'close':
      return ['close', step.reason ? { reason: step.reason } : {}];
  }
}
