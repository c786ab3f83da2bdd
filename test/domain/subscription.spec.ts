import { subscriptionDecider, type SubscriptionEvent } from '@cl/integration';
import { deciderSpec } from '../support/decider-spec';

const spec = deciderSpec(subscriptionDecider);

const created: Extract<SubscriptionEvent, { type: 'SubscriptionCreated' }> = {
  type: 'SubscriptionCreated',
  data: {
    subscriptionId: 'S-1',
    url: 'https://hooks.example.com/complaints',
    eventTypes: ['ComplaintFiled'],
    streamPrefix: null,
    fromPosition: '0',
    encryptedSecret: 'v2:sealed',
    ownerId: 'integrator-1',
  },
};
const deleted: SubscriptionEvent = { type: 'SubscriptionDeleted', data: { subscriptionId: 'S-1' } };

describe('subscription decider', () => {
  it('records the creation the service decided, as it is', () => {
    spec.given().when({ type: 'create', created: created.data }).then([created]);
  });

  it('records a replay of an existing subscription from the position asked', () => {
    spec
      .given(created)
      .when({ type: 'replay', fromPosition: '42' })
      .then([{ type: 'SubscriptionReplayRequested', data: { subscriptionId: 'S-1', fromPosition: '42' } }]);
  });

  it('deletes an existing subscription once: a deleted one is not found', () => {
    spec.given(created).when({ type: 'delete' }).then([deleted]);
    spec.given(created, deleted).when({ type: 'delete' }).thenRefused('not_found');
    spec.given(created, deleted).when({ type: 'replay', fromPosition: '0' }).thenRefused('not_found');
  });

  it('refuses commands on a subscription that was never created', () => {
    spec.given().when({ type: 'replay', fromPosition: '0' }).thenRefused('not_found');
    spec.given().when({ type: 'delete' }).thenRefused('not_found');
  });
});
