import fc from 'fast-check';
import { writeFileSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { join } from 'node:path';
import { EVENT_STORE } from '@cl/event-store/nest';
import type { EventStore, RecordedEvent } from '@cl/event-store';
import { API_KEYS, httpClient } from '../support/http-client';
import { expectOk, startTestApp } from '../support/test-app';
import { makeTempDir } from '../support/temp-dir';
import { EXAMPLE_POLICY } from '../service-levels/example-policy';
import { fuzzRequest, KNOWN, type FuzzRequest } from './http-requests';

export interface FuzzOptions {
  numRuns: number;
  /** fast-check's seed; a failure prints the seed and path that reproduce it. */
  seed?: number;
  /** Called after every request with how many have run and the status it got (0: not sent). */
  onRun?: (runs: number, status: number) => void;
}

const ANSWER_TIMEOUT_MS = 10_000;

/**
 * Fuzzes the HTTP surface of a real service, projections and reactors running (so the
 * analytics have data to trip over): every request must get an answer below 500; after a
 * 4xx (or any GET) no event may follow the store's head of before the request but the
 * service's own (actor role `system`: the early warning, reacting to earlier writes); and
 * /health must answer 200 after the last request. The service runs the example policy of
 * docs/service-levels.md, so that acknowledgements, pauses and extensions meet their targets.
 */
export async function fuzzHttpSurface(options: FuzzOptions): Promise<void> {
  const policyDir = makeTempDir('fuzz-policy');
  const policyFile = join(policyDir.path, 'policy.json');
  writeFileSync(policyFile, JSON.stringify(EXAMPLE_POLICY));
  const service = await startTestApp({ API_KEYS, SLA_POLICY_FILE: policyFile }, ['error']);
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  try {
    await seedFuzzData(httpClient(service.url));
    const store = service.app.get<EventStore>(EVENT_STORE);
    let runs = 0;
    await fc.assert(
      fc.asyncProperty(fuzzRequest, async (fuzz) => {
        const head = await store.headPosition();
        const answer = await send(service.url, fuzz, agent);
        options.onRun?.(++runs, answer?.status ?? 0);
        if (answer === undefined) return;
        if (answer.status >= 500) throw new Error(`answered ${answer.status}: ${answer.text.slice(0, 500)}`);
        const mayWrite = answer.status < 400 && (fuzz.method === 'POST' || fuzz.method === 'PUT');
        if (mayWrite) return;
        const written = (await store.readAll({ after: head })).filter((event) => !bySystem(event));
        if (written.length > 0) {
          const types = written.map((event) => event.type).join(', ');
          throw new Error(`answered ${answer.status} and wrote ${types} after position ${head}`);
        }
      }),
      { numRuns: options.numRuns, seed: options.seed, endOnFailure: false },
    );
    const health = await httpClient(service.url)('GET', '/health', { token: null });
    if (health.status !== 200)
      throw new Error(`/health answered ${health.status} after fuzzing: ${health.text}`);
  } finally {
    agent.destroy();
    await service.stop();
    policyDir.remove();
  }
}

function bySystem(event: RecordedEvent): boolean {
  return (event.metadata.actor as { role?: unknown } | undefined)?.role === 'system';
}

/** Complaints in each status and customers with a purchase, so commands meet every state. */
async function seedFuzzData(http: ReturnType<typeof httpClient>): Promise<void> {
  const [open, resolved, closed] = KNOWN.complaints;
  for (const complaintId of KNOWN.complaints) {
    const body = {
      complaintId,
      customerId: KNOWN.customers[0],
      channel: 'phone',
      category: 'billing',
      severity: 'high',
      description: 'Seeded for fuzzing',
    };
    await expectOk(http('POST', '/complaints', { body }));
  }
  await expectOk(http('POST', `/complaints/${open}/assignment`, { body: { agentId: 'AG-1' } }));
  await expectOk(
    http('POST', `/complaints/${resolved}/resolution`, { body: { resolutionType: 'refund', summary: 's' } }),
  );
  await expectOk(http('POST', `/complaints/${closed}/close`, {}));
  await expectOk(
    http('POST', `/customers/${KNOWN.customers[1]}/purchases`, {
      body: { orderId: 'O-1', amount: 10, currency: 'EUR' },
    }),
  );
}

/**
 * Sends the request as is with Node's HTTP client (fetch would normalize it). Undefined when
 * the client itself refuses to send it (a path or header Node will not put on the wire).
 */
function send(
  baseUrl: string,
  fuzz: FuzzRequest,
  agent: Agent,
): Promise<{ status: number; text: string } | undefined> {
  const url = new URL(baseUrl);
  return new Promise((resolve, reject) => {
    let outgoing;
    try {
      outgoing = request({
        host: url.hostname,
        port: url.port,
        method: fuzz.method,
        path: fuzz.path,
        agent,
        headers: {
          ...fuzz.headers,
          ...(fuzz.body !== undefined && { 'content-length': Buffer.byteLength(fuzz.body) }),
        },
      });
    } catch {
      resolve(undefined);
      return;
    }
    outgoing.setTimeout(ANSWER_TIMEOUT_MS, () =>
      outgoing.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS} ms`)),
    );
    outgoing.on('response', (response) => {
      let text = '';
      response.setEncoding('utf8');
      response.on('data', (chunk: string) => (text += chunk));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, text }));
      response.on('error', reject);
    });
    outgoing.on('error', reject);
    outgoing.end(fuzz.body);
  });
}
