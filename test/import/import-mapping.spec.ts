import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  cfpbOperations,
  genericOperation,
  ImportFileError,
  planImport,
  readImportFile,
  type ImportOperation,
} from '@cl/import';
import { makeTempDir } from '../support/temp-dir';

describe('generic rows as API commands (libs/import)', () => {
  it('maps columns onto the route body with JSON types, and leaves bad values for the route to refuse', () => {
    const op = genericOperation(7, {
      event: 'resolved',
      occurredAt: '2024-03-01T10:00:00+02:00',
      complaintId: 'C-1',
      resolutionType: 'refund',
      summary: 'Paid back',
      compensationAmount: '12.5',
      compensationCurrency: 'EUR',
      goodwillDescription: 'Voucher',
      goodwillValue: 'ten',
      onTheSpot: 'true',
      unknownColumn: 'ignored',
      agentId: '',
    });
    expect(op).toMatchObject({
      line: 7,
      command: 'resolve',
      streamId: 'complaint-C-1',
      occurredAt: '2024-03-01T08:00:00.000Z',
      body: {
        occurredAt: '2024-03-01T10:00:00+02:00',
        resolutionType: 'refund',
        summary: 'Paid back',
        compensation: { amount: 12.5, currency: 'EUR' },
        goodwill: { description: 'Voucher', value: 'ten' },
        onTheSpot: true,
      },
    });
    expect(op.refusal).toBeUndefined();
  });

  it('puts a column the event does not take into the body, for the route to name it', () => {
    const op = genericOperation(2, {
      event: 'assigned',
      occurredAt: '2024-03-01T10:00:00Z',
      complaintId: 'C-1',
      agentId: 'A',
      reason: 'x',
    });
    expect(op.body).toEqual({ occurredAt: '2024-03-01T10:00:00Z', agentId: 'A', reason: 'x' });
  });

  it('refuses rows no route takes: unknown event, no occurredAt, no id', () => {
    const refusal = (fields: Record<string, string>) => genericOperation(3, fields).refusal;
    expect(
      refusal({ event: 'moved', occurredAt: '2024-03-01T10:00:00Z', complaintId: 'C' })?.message,
    ).toMatch(/^event must be one of filed, assigned/);
    expect(refusal({ event: 'assigned', complaintId: 'C', agentId: 'A' })?.message).toMatch(
      /^occurredAt is required/,
    );
    expect(refusal({ event: 'purchase', occurredAt: '2024-03-01T10:00:00Z', orderId: 'O' })?.message).toBe(
      'customerId is required for event purchase',
    );
  });

  it("maps issue 11's events and columns like the others", () => {
    const at = '2024-03-01T10:00:00Z';
    expect(
      genericOperation(2, { event: 'paused', occurredAt: at, complaintId: 'C', reason: 'awaiting_customer' }),
    ).toMatchObject({
      command: 'pause',
      body: { occurredAt: at, reason: 'awaiting_customer' },
    });
    expect(genericOperation(3, { event: 'resumed', occurredAt: at, complaintId: 'C' }).command).toBe(
      'resume',
    );
    expect(
      genericOperation(4, { event: 'extended', occurredAt: at, complaintId: 'C', reason: 'r' }).command,
    ).toBe('extend');
    expect(
      genericOperation(5, { event: 'acknowledged', occurredAt: at, complaintId: 'C', channel: 'email' }).body,
    ).toEqual({
      occurredAt: at,
      channel: 'email',
    });
    expect(
      genericOperation(6, {
        event: 'resolved',
        occurredAt: at,
        complaintId: 'C',
        resolutionType: 'other',
        summary: 's',
        outcome: 'upheld',
      }).body,
    ).toMatchObject({ outcome: 'upheld' });
  });
});

describe('CFPB rows as commands (libs/import)', () => {
  const record = {
    date_received: '9/3/2013',
    product: 'Credit card',
    sub_product: 'Other (i.e. phone, health club)',
    issue: 'Billing disputes',
    sub_issue: 'Late fee',
    company: 'Wells Fargo & Company',
    submitted_via: 'Postal mail',
    date_sent_to_company: '9/1/2013',
    company_response_to_consumer: 'Closed with monetary relief',
    'consumer_disputed?': 'Yes',
    complaint_id: '511074',
  };

  it('files, resolves no earlier than the filing, and calls back one second later', () => {
    const [filed, resolved, callback] = cfpbOperations(5, record);
    expect(filed).toMatchObject({
      command: 'file',
      occurredAt: '2013-09-03T00:00:00.000Z',
      body: {
        complaintId: 'cfpb-511074',
        customerId: 'cfpb-511074',
        channel: 'letter',
        category: 'Credit card',
        severity: 'medium',
        description: 'Billing disputes: Late fee',
        branchId: 'Wells_Fargo___Company',
        productId: 'Other__i.e._phone__health_club_',
      },
    });
    expect(resolved).toMatchObject({
      command: 'resolve',
      occurredAt: '2013-09-03T00:00:00.000Z',
      body: { resolutionType: 'compensation', summary: 'Closed with monetary relief' },
    });
    expect(callback).toMatchObject({
      command: 'recordCallback',
      occurredAt: '2013-09-03T00:00:01.000Z',
      body: { reached: true, attitude: 'dissatisfied' },
    });
  });

  it('leaves a complaint in progress open, and records no call-back without an answer', () => {
    expect(
      cfpbOperations(5, { ...record, company_response_to_consumer: 'In progress' }).map((op) => op.command),
    ).toEqual(['file']);
    expect(cfpbOperations(5, { ...record, 'consumer_disputed?': '' }).map((op) => op.command)).toEqual([
      'file',
      'resolve',
    ]);
  });
});

describe('the import plan (libs/import)', () => {
  const row = (line: number, fields: Record<string, string>): ImportOperation =>
    genericOperation(line, fields);
  const escalate = (line: number, time: string) =>
    row(line, { event: 'escalated', occurredAt: time, complaintId: 'C-1', note: 'again' });

  it('tells identical rows apart by ordinal, unaffected by rows inserted elsewhere', () => {
    const a = planImport([escalate(2, '2024-01-02T00:00:00Z'), escalate(3, '2024-01-02T00:00:00Z')]);
    const scopes = a.streams[0].operations.map((op) => op.scope);
    expect(new Set(scopes).size).toBe(2);
    const b = planImport([
      row(2, { event: 'assigned', occurredAt: '2024-01-01T00:00:00Z', complaintId: 'C-1', agentId: 'A' }),
      escalate(3, '2024-01-02T00:00:00Z'),
      row(4, {
        event: 'purchase',
        occurredAt: '2024-01-01T00:00:00Z',
        customerId: 'CU',
        orderId: 'O',
        amount: '1',
        currency: 'EUR',
      }),
      escalate(5, '2024-01-02T00:00:00Z'),
    ]);
    const stream = b.streams.find((s) => s.streamId === 'complaint-C-1')!;
    expect(stream.operations.filter((op) => op.event === 'escalated').map((op) => op.scope)).toEqual(scopes);
  });

  it('orders rows of one instant in lifecycle order, a root cause last, purchases in file order, whatever the file order', () => {
    const at = '2024-01-02T12:19:00Z';
    const complaintRows = [
      row(1, { event: 'root_cause', occurredAt: at, complaintId: 'C-1', cause: 'billing_system_error' }),
      row(2, { event: 'reopened', occurredAt: at, complaintId: 'C-1', reason: 'again' }),
      row(3, { event: 'closed', occurredAt: at, complaintId: 'C-1' }),
      row(4, {
        event: 'satisfaction',
        occurredAt: at,
        complaintId: 'C-1',
        contactId: 'P',
        role: 'user',
        score: '4',
      }),
      row(5, { event: 'callback', occurredAt: at, complaintId: 'C-1', reached: 'true' }),
      row(6, {
        event: 'resolved',
        occurredAt: at,
        complaintId: 'C-1',
        resolutionType: 'refund',
        summary: 's',
      }),
      row(7, { event: 'extended', occurredAt: at, complaintId: 'C-1', reason: 'r' }),
      row(8, { event: 'resumed', occurredAt: at, complaintId: 'C-1' }),
      row(9, { event: 'paused', occurredAt: at, complaintId: 'C-1', reason: 'awaiting_customer' }),
      escalate(10, at),
      row(11, { event: 'assigned', occurredAt: at, complaintId: 'C-1', agentId: 'A' }),
      row(12, { event: 'acknowledged', occurredAt: at, complaintId: 'C-1' }),
      row(13, {
        event: 'filed',
        occurredAt: at,
        complaintId: 'C-1',
        customerId: 'CU',
        channel: 'web',
        category: 'c',
        severity: 'low',
        description: 'd',
      }),
    ];
    const purchase = (line: number, orderId: string) =>
      row(line, {
        event: 'purchase',
        occurredAt: at,
        customerId: 'CU',
        orderId,
        amount: '1',
        currency: 'EUR',
      });
    const lifecycle = [13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1];
    const orderOf = (rows: ImportOperation[]) =>
      planImport(rows).streams.map((stream) => [stream.streamId, stream.operations.map((op) => op.line)]);
    const expected = [
      ['complaint-C-1', lifecycle],
      ['customer-CU', [14, 15]],
    ];
    const rows = [...complaintRows, purchase(14, 'O-2'), purchase(15, 'O-1')];
    expect(orderOf(rows)).toEqual(expected);
    expect(orderOf([...complaintRows].reverse().concat(purchase(14, 'O-2'), purchase(15, 'O-1')))).toEqual(
      expected,
    );
  });

  it('orders each stream by occurredAt (lifecycle, then file order among equal times) and a follow-up after what it follows', () => {
    const plan = planImport([
      row(2, {
        event: 'filed',
        occurredAt: '2024-01-05T00:00:00Z',
        complaintId: 'C-2',
        customerId: 'CU',
        channel: 'web',
        category: 'c',
        severity: 'low',
        description: 'd',
        followUpOf: 'C-1',
      }),
      escalate(3, '2024-01-03T00:00:00Z'),
      row(4, {
        event: 'filed',
        occurredAt: '2024-01-01T00:00:00Z',
        complaintId: 'C-1',
        customerId: 'CU',
        channel: 'web',
        category: 'c',
        severity: 'low',
        description: 'd',
      }),
      row(5, { event: 'closed', occurredAt: '2024-01-03T00:00:00Z', complaintId: 'C-1' }),
    ]);
    expect(plan.streams.map((s) => [s.streamId, s.after, s.operations.map((op) => op.line)])).toEqual([
      ['complaint-C-1', undefined, [4, 3, 5]],
      ['complaint-C-2', 'complaint-C-1', [2]],
    ]);
  });
});

describe('reading an import file (libs/import, csv-parse)', () => {
  const dir = makeTempDir('import-read');
  afterAll(() => dir.remove());
  const file = (name: string, text: string) => {
    const path = join(dir.path, name);
    writeFileSync(path, text);
    return path;
  };

  it('gives each row the line it starts on, quoted newlines and malformed records included', async () => {
    const path = file(
      'lines.csv',
      'event,occurredAt,complaintId,agentId,extra\n' +
        'assigned,2024-01-01T00:00:00Z,C-1,"A\nB",x\n' +
        '\n' +
        'assigned,2024-01-01T00:00:00Z,C-2\n' +
        'assigned,2024-01-01T00:00:00Z,C-3,A,y\n',
    );
    const read = await readImportFile(path, 'generic');
    expect(read.ignoredColumns).toEqual(['extra']);
    expect(read.records).toBe(3);
    expect(read.operations.map((op) => [op.line, op.targetId, op.refusal?.message.slice(0, 20)])).toEqual([
      [2, 'C-1', undefined],
      [5, '', 'malformed CSV record'],
      [6, 'C-3', undefined],
    ]);
  });

  it('refuses a file without the columns every row needs, or that cannot be read', async () => {
    await expect(readImportFile(file('no-event.csv', 'occurredAt,complaintId\n'), 'generic')).rejects.toThrow(
      ImportFileError,
    );
    await expect(readImportFile(file('cfpb.csv', 'complaint_id\n1\n'), 'cfpb')).rejects.toThrow(
      /date_received/,
    );
    await expect(readImportFile(join(dir.path, 'missing.csv'), 'generic')).rejects.toThrow(/Cannot read/);
  });
});
