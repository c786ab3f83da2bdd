/** What the demo may meet when it talks to the service, each with what to do about it. */
export class DemoError extends Error {}

export class ServiceUnreachableError extends DemoError {
  constructor(baseUrl: string, cause: string) {
    super(
      `No service answers at ${baseUrl} (${cause}). Start it in another terminal with \`npm start\`, ` +
        'or point the demo at it with --url (or DEMO_URL).',
    );
  }
}

export class TokenRefusedError extends DemoError {
  constructor(baseUrl: string) {
    super(
      `The service at ${baseUrl} refused the token (401). Pass an admin token with --token (or DEMO_TOKEN); ` +
        '`npm start` without API_KEYS writes one to data/admin-token (DATA_DIR/admin-token).',
    );
  }
}

export class RoleRefusedError extends DemoError {
  constructor(method: string, path: string) {
    super(
      `The token's role may not ${method} ${path} (403). The demo records commands (role agent) and reads ` +
        'analytics (role analyst): give it an admin token.',
    );
  }
}

/** The service already holds other data under the demo's ids or keys. */
export class PlanConflictError extends DemoError {
  constructor(method: string, path: string, status: number, body: string) {
    super(
      `${method} ${path} answered ${status}: ${body}\n` +
        'The service already holds demo data of this seed made with other options (another --until, or an ' +
        'older version of the demo). Re-run with the options printed when it was made, or choose another --seed.',
    );
  }
}

/**
 * 422 with `lastOccurredAt`: the complaint received a later event since the plan's previous
 * step was recorded (a service-level timer fired while an interrupted run was away), so the
 * plan's next step would go back in time. The rest of that complaint's steps are skipped.
 */
export class StreamMovedOnError extends DemoError {
  constructor(
    readonly path: string,
    readonly lastOccurredAt: string,
  ) {
    super(`${path}: the stream has an event at ${lastOccurredAt}, later than the plan's next step`);
  }
}

export class RequestRefusedError extends DemoError {
  constructor(method: string, path: string, status: number, body: string) {
    super(`${method} ${path} answered ${status}: ${body}`);
  }
}

export interface DemoAnswer {
  status: number;
  replayed: boolean;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

const RETRIES = 8;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The service's public HTTP API as the demo uses it. Network errors, 5xx and 429 are retried
 * with back-off (safe: every command carries an Idempotency-Key); 4xx answers become the
 * typed errors above.
 */
export class DemoClient {
  constructor(
    readonly baseUrl: string,
    private readonly token: string,
  ) {}

  async send(
    method: string,
    path: string,
    options: { body?: unknown; idempotencyKey?: string; auth?: boolean; attempts?: number } = {},
  ): Promise<DemoAnswer> {
    const headers: Record<string, string> = {};
    if (options.auth !== false) headers.authorization = `Bearer ${this.token}`;
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
    const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
    const attempts = options.attempts ?? RETRIES;
    for (let attempt = 1; ; attempt++) {
      let response: Response;
      try {
        response = await fetch(`${this.baseUrl}${path}`, { method, headers, body: payload });
      } catch (error) {
        if (attempt >= attempts) throw new ServiceUnreachableError(this.baseUrl, causeOf(error));
        await sleep(Math.min(5000, 100 * 2 ** attempt));
        continue;
      }
      const text = await response.text();
      const status = response.status;
      if (status === 429 || status >= 500) {
        if (attempt >= attempts) throw new RequestRefusedError(method, path, status, text);
        const retryAfter = Number(response.headers.get('retry-after'));
        await sleep(retryAfter > 0 ? retryAfter * 1000 : Math.min(5000, 100 * 2 ** attempt));
        continue;
      }
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        // not JSON: keep the text
      }
      if (status === 401) throw new TokenRefusedError(this.baseUrl);
      if (status === 403) throw new RoleRefusedError(method, path);
      const lastOccurredAt = (body as { lastOccurredAt?: unknown } | undefined)?.lastOccurredAt;
      if (status === 422 && typeof lastOccurredAt === 'string')
        throw new StreamMovedOnError(path, lastOccurredAt);
      if (status === 409 || status === 422) throw new PlanConflictError(method, path, status, text);
      if (status >= 400) throw new RequestRefusedError(method, path, status, text);
      return { status, replayed: response.headers.get('idempotent-replayed') === 'true', body };
    }
  }
}

function causeOf(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ?? cause?.message ?? (error as Error).message;
}
