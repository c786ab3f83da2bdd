import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { httpResult, type TryResult } from './delivery-result';
import { RefusedTargetError, type TargetGuard } from './target-guard';
import { webhookHeaders } from './webhook-signature';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface SendOutcome {
  ok: boolean;
  /** Coarse on purpose (delivery-result.ts). */
  result: TryResult;
}

// Connections to an endpoint are kept open between deliveries (node:http rather than fetch:
// a third of the CPU per delivery). A kept connection was made to an address the guard checked.
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/**
 * One POST of one event: Standard Webhooks headers, a 10 s timeout for the whole exchange,
 * redirects not followed (a 3xx is a failure: the endpoint must be the URL given), only a 2xx
 * acknowledges. The answer's body is read and dropped. The target rules are checked at every
 * connection (TargetGuard): a refused target ends as `refused_target` without a connection.
 */
export function sendWebhook(
  url: string,
  secret: string,
  eventId: string,
  body: string,
  guard: TargetGuard,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Promise<SendOutcome> {
  const payload = Buffer.from(body, 'utf8');
  if (!URL.canParse(url)) return Promise.resolve({ ok: false, result: 'refused_target' });
  const target = new URL(url);
  // node:net connects to an IP literal without a lookup: it is checked here.
  const literal = guard.vetLiteral(target);
  if (literal && !literal.allowed) return Promise.resolve({ ok: false, result: 'refused_target' });
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: SendOutcome) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(outcome);
    };
    const secure = target.protocol === 'https:';
    const request = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        lookup: guard.lookupFor(target),
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          ...webhookHeaders(secret, eventId, Math.floor(Date.now() / 1000), body),
        },
      },
      (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        response.resume();
        response.on('end', () => finish({ ok: status >= 200 && status < 300, result: httpResult(status) }));
        response.on('error', () => finish({ ok: false, result: 'connection_failed' }));
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, result: 'timeout' });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: Error) =>
      finish({
        ok: false,
        result: error instanceof RefusedTargetError ? 'refused_target' : 'connection_failed',
      }),
    );
    request.end(payload);
  });
}
