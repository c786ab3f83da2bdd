/** A small fetch wrapper for end-to-end tests against the real HTTP server. */
export interface HttpAnswer {
  status: number;
  headers: Headers;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  body: any;
}

/** One token per role, each the 32 characters API_KEYS asks for at least. */
export const TOKENS = {
  agent: 'agent-token-0123456789abcdef01234',
  analyst: 'analyst-token-0123456789abcdef012',
  auditor: 'auditor-token-0123456789abcdef012',
  integrator: 'integrator-token-0123456789abcdef',
  admin: 'admin-token-0123456789abcdef01234',
};
export const API_KEYS = Object.entries(TOKENS)
  .map(([role, token]) => `${role}:${token}`)
  .join(',');

export function httpClient(baseUrl: string) {
  return async function request(
    method: string,
    path: string,
    options: {
      body?: unknown;
      rawBody?: string;
      token?: string | null;
      headers?: Record<string, string>;
    } = {},
  ): Promise<HttpAnswer> {
    const headers: Record<string, string> = { ...options.headers };
    const token = options.token === undefined ? TOKENS.agent : options.token;
    if (token !== null) headers.authorization = `Bearer ${token}`;
    let payload: string | undefined = options.rawBody;
    if (options.body !== undefined) payload = JSON.stringify(options.body);
    if (payload !== undefined && headers['content-type'] === undefined)
      headers['content-type'] = 'application/json';
    const response = await fetch(`${baseUrl}${path}`, { method, headers, body: payload });
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    return { status: response.status, headers: response.headers, text, body };
  };
}
