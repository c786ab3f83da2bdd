import { complaintListProjection } from '@cl/read-models';
import { complaintListKeys, type StoredComplaint } from '@cl/read-models/complaint-list/complaint-list-keys';
import { projectionSpec, type GivenEvent, type ReadModel } from '../support/projection-spec';

const filed = (complaintId: string, occurredAt: string): GivenEvent => ({
  streamId: `complaint-${complaintId}`,
  type: 'ComplaintFiled',
  occurredAt,
  data: {
    complaintId,
    customerId: 'CU-1',
    channel: 'web',
    category: 'billing',
    severity: 'high',
    description: 'd',
    resolutionDueAt: '2026-03-02T10:00:00.000Z',
  },
});
const resolved = (complaintId: string, occurredAt: string): GivenEvent => ({
  streamId: `complaint-${complaintId}`,
  type: 'ComplaintResolved',
  occurredAt,
  data: {
    resolutionType: 'refund',
    summary: 's',
    onTheSpot: false,
    resolvedBy: 'agent-1',
    callbackDueAt: '2026-03-03T10:00:00.000Z',
  },
});

/** Each complaint's status and revision, and the list in filing order. */
async function listed({ redis, keyPrefix }: ReadModel) {
  const keys = complaintListKeys(keyPrefix);
  const members = await redis.zrange(keys.byFiledAt, '-', '+', 'BYLEX');
  const ids = members.map((member) => member.slice(16));
  const documents = ids.length === 0 ? [] : await redis.mget(ids.map(keys.document));
  return ids.map((id, index) => {
    const { state, revision } = JSON.parse(documents[index]!) as StoredComplaint;
    return { id, status: state.exists ? state.status : 'none', revision };
  });
}

describe('complaint-list projection (projectionSpec)', () => {
  const spec = projectionSpec(complaintListProjection, { batchSize: 2 });

  it('keeps each complaint folded to its last event, listed by filing time', async () => {
    await spec
      .given(
        filed('B', '2026-03-01T10:00:00.000Z'),
        filed('A', '2026-03-01T11:00:00.000Z'),
        { streamId: 'customer-CU-1', type: 'PurchaseRecorded', data: { orderId: 'O', amount: 1 } },
        resolved('B', '2026-03-01T12:00:00.000Z'),
      )
      .then(listed, [
        { id: 'B', status: 'resolved', revision: 1 },
        { id: 'A', status: 'open', revision: 0 },
      ]);
  });

  it('lists nothing before a complaint is filed', async () => {
    await spec.given().then(listed, []);
  });
});
