import { COMPLAINT_LIST_SCAN_BUDGET } from '@cl/read-models';
import { TOKENS } from '../support/http-client';
import { useTestApp } from '../support/test-app';

/**
 * A rare filter does not walk the whole filing-time index in one request: each request
 * examines at most COMPLAINT_LIST_SCAN_BUDGET entries and answers what it found, with a cursor
 * after the last entry examined.
 */
describe('GET /complaints scan budget', () => {
  const FILLER = COMPLAINT_LIST_SCAN_BUDGET + 150;
  const service = useTestApp();
  const { http } = service;

  // Filed a minute apart from 2026-01-01: RARE-OLD first (the far end of the index), then the
  // filler, then RARE-NEW (the newest).
  const filedAt = (minute: number) => new Date(Date.UTC(2026, 0, 1) + minute * 60_000).toISOString();
  const file = async (complaintId: string, customerId: string, minute: number, category = 'billing') => {
    const answer = await http('POST', '/complaints', {
      body: {
        complaintId,
        customerId,
        channel: 'web',
        category,
        severity: 'low',
        description: 'd',
        occurredAt: filedAt(minute),
      },
    });
    if (answer.status !== 201) throw new Error(`${answer.status} ${answer.text}`);
  };

  beforeAll(async () => {
    await file('RARE-OLD', 'CU-RARE', 0, 'rare');
    const minutes = Array.from({ length: FILLER }, (_, i) => i + 1);
    for (let i = 0; i < minutes.length; i += 16) {
      await Promise.all(
        minutes.slice(i, i + 16).map((minute) => file(`FILL-${minute}`, `CU-${minute % 7}`, minute)),
      );
    }
    await file('RARE-NEW', 'CU-RARE', FILLER + 1);
    await service.projectionsCaughtUp();
  }, 300_000);

  const pages = async (query: string) => {
    const answers: { items: string[]; nextCursor: string | null }[] = [];
    let cursor: string | null = null;
    do {
      const answer = await http('GET', `/complaints?${query}${cursor ? `&cursor=${cursor}` : ''}`, {
        token: TOKENS.analyst,
      });
      expect(answer.status).toBe(200);
      const body = answer.body as { items: { complaintId: string }[]; nextCursor: string | null };
      answers.push({ items: body.items.map((item) => item.complaintId), nextCursor: body.nextCursor });
      cursor = body.nextCursor;
    } while (cursor !== null && answers.length < 20);
    return answers;
  };

  it('answers an empty page with a cursor when the budget runs out, and the cursor finds the match', async () => {
    const answers = await pages('category=rare&limit=5');
    expect(answers.map((page) => page.items)).toEqual([[], ['RARE-OLD']]);
    expect(answers[0]!.nextCursor).not.toBeNull();
    expect(answers[1]!.nextCursor).toBeNull();
  });

  it('resumes after the last entry examined, not the last returned: no repeats, no skips', async () => {
    const answers = await pages('customerId=CU-RARE&limit=1');
    expect(answers.map((page) => page.items)).toEqual([['RARE-NEW'], ['RARE-OLD']]);
    expect(answers[0]!.nextCursor).not.toBeNull();
    expect(answers[1]!.nextCursor).toBeNull();
  });

  it('keeps full pages for a filter that matches often', async () => {
    const answers = await pages('limit=500');
    const seen = answers.flatMap((page) => page.items);
    expect(seen).toHaveLength(FILLER + 2);
    expect(new Set(seen).size).toBe(seen.length);
    expect(answers.slice(0, -1).every((page) => page.items.length === 500)).toBe(true);
  });
});
