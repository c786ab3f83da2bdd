import { correctiveActionDecider, type CorrectiveActionEvent } from '@cl/corrective-actions';
import type { ActingActor, Instant } from '@cl/domain';
import { deciderSpec } from '../support/decider-spec';

/** Corrective actions (docs/domain.md, Corrective actions): opened once, completed once, then nothing more. */
const spec = deciderSpec(correctiveActionDecider);
const AGENT: ActingActor = { id: 'agent-1', role: 'agent' };
const at = (occurredAt: Instant) => ({ occurredAt, actor: AGENT });

const opening = {
  type: 'openCorrectiveAction' as const,
  actionId: 'CA-1',
  target: { by: 'cause' as const, value: 'courier_damage' },
  description: 'Change courier',
  owner: 'ops-lead',
  dueAt: '2026-04-01T00:00:00.000Z',
};
const opened: CorrectiveActionEvent & { occurredAt: Instant } = {
  type: 'CorrectiveActionOpened',
  occurredAt: '2026-03-01T00:00:00.000Z',
  data: {
    actionId: 'CA-1',
    target: { by: 'cause', value: 'courier_damage' },
    description: 'Change courier',
    owner: 'ops-lead',
    dueAt: '2026-04-01T00:00:00.000Z',
  },
};
const completed: CorrectiveActionEvent & { occurredAt: Instant } = {
  type: 'CorrectiveActionCompleted',
  occurredAt: '2026-03-10T00:00:00.000Z',
  data: { completedAt: '2026-03-10T00:00:00.000Z' },
};

describe('a corrective action', () => {
  it('is opened once: CorrectiveActionOpened, then 409 for the same id', () => {
    spec
      .given()
      .when({ ...opening, ...at('2026-03-01T00:00:00.000Z') })
      .then([{ type: 'CorrectiveActionOpened', data: opened.data }]);
    spec
      .given(opened)
      .when({ ...opening, ...at('2026-03-02T00:00:00.000Z') })
      .thenRefused('conflict', { status: 'open' });
  });

  it('is completed at the command’s occurredAt, with its note', () => {
    spec
      .given(opened)
      .when({ type: 'completeCorrectiveAction', note: 'Done', ...at('2026-03-10T00:00:00.000Z') })
      .then([
        {
          type: 'CorrectiveActionCompleted',
          data: { completedAt: '2026-03-10T00:00:00.000Z', note: 'Done' },
        },
      ]);
  });

  it('is completed once: then 409 with status completed', () => {
    spec
      .given(opened, completed)
      .when({ type: 'completeCorrectiveAction', ...at('2026-03-11T00:00:00.000Z') })
      .thenRefused('conflict', { status: 'completed' });
  });

  it('refuses completing an action that does not exist, or before its last event', () => {
    spec
      .given()
      .when({ type: 'completeCorrectiveAction', ...at('2026-03-11T00:00:00.000Z') })
      .thenRefused('not_found');
    spec
      .given(opened)
      .when({ type: 'completeCorrectiveAction', ...at('2026-02-01T00:00:00.000Z') })
      .thenRefused('out_of_order', { lastOccurredAt: '2026-03-01T00:00:00.000Z' });
  });
});
