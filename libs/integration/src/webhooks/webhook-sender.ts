import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { webhookHeaders } from './webhook-signature';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface SendOutcome {
  ok: boolean;
  statusCode?: number;
  error?: string;
  durationMs: number;
}

// Connections to an endpoint are kept open between deliveries (node:http rather than fetch:
// a third of the CPU per delivery).
const agents = { http: new HttpAgent({ keepAlive: true }), https: new HttpsAgent({ keepAlive: true }) };

/**
 * One POST of one event: Standard Webhooks headers, a 10 s timeout for the whole exchange,
 * redirects not followed (a 3xx is a failure: the endpoint must be the URL given), only a 2xx
 * acknowledges. The answer's body is read and dropped.
 */
export function sendWebhook(
  url: string,
  secret: string,
  eventId: string,
  body: string,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Promise<SendOutcome> {
  const started = performance.now();
  const payload = Buffer.from(body, 'utf8');
  return new Promise<SendOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<SendOutcome, 'durationMs'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ ...outcome, durationMs: performance.now() - started });
    };
    const target = new URL(url);
    const secure = target.protocol === 'https:';
    const request = (secure ? httpsRequest : httpRequest)(
      target,
      {
        method: 'POST',
        agent: secure ? agents.https : agents.http,
        headers: {
          'content-type': 'application/json',
          'content-length': payload.length,
          ...webhookHeaders(secret, eventId, Math.floor(Date.now() / 1000), body),
        },
      },
      (response: IncomingMessage) => {
        const status = response.statusCode ?? 0;
        response.resume();
        response.on('end', () => {
          const ok = status >= 200 && status < 300;
          finish({ ok, statusCode: status, ...(!ok && { error: `HTTP ${status}` }) });
        });
        response.on('error', (error) => finish({ ok: false, statusCode: status, error: error.message }));
      },
    );
    const timer = setTimeout(() => {
      finish({ ok: false, error: `no answer within ${timeoutMs} ms` });
      request.destroy();
    }, timeoutMs);
    request.on('error', (error: NodeJS.ErrnoException) =>
      finish({ ok: false, error: error.code ?? error.message }),
    );
    request.end(payload);
  });
}
