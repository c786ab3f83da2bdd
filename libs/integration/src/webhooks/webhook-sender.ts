import { webhookHeaders } from './webhook-signature';

export const WEBHOOK_TIMEOUT_MS = 10_000;

export interface SendOutcome {
  ok: boolean;
  statusCode?: number;
  error?: string;
  durationMs: number;
}

/**
 * One POST of one event: Standard Webhooks headers, a 10 s timeout, redirects not followed
 * (a 3xx is a failure: the endpoint must be the URL given), only a 2xx acknowledges.
 */
export async function sendWebhook(
  url: string,
  secret: string,
  eventId: string,
  body: string,
  timeoutMs = WEBHOOK_TIMEOUT_MS,
): Promise<SendOutcome> {
  const started = performance.now();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...webhookHeaders(secret, eventId, Math.floor(Date.now() / 1000), body),
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    const ok = response.status >= 200 && response.status < 300;
    return {
      ok,
      statusCode: response.status,
      ...(!ok && { error: `HTTP ${response.status}` }),
      durationMs: performance.now() - started,
    };
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    const message =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : (cause ?? (error as Error).message);
    return { ok: false, error: message, durationMs: performance.now() - started };
  }
}
