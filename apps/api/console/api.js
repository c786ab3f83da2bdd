// Calls to the service from the console: same origin, the session cookie goes along.

/** An answer other than 2xx: its status and the service's message. */
export class ApiError extends Error {
  constructor(status, message, path) {
    super(message);
    this.status = status;
    this.path = path;
  }
}

/** The service did not answer at all (down, restarting, network gone). */
export class ServiceDown extends Error {}

/** GET (or another method) as JSON; throws ApiError or ServiceDown. */
export async function api(path, { method = 'GET', body, accept = 'application/json' } = {}) {
  let response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        accept,
        ...(body !== undefined && { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ServiceDown('The service does not answer: check that it is running, then try again.');
  }
  if (response.status === 204) return undefined;
  const text = await response.text();
  if (!response.ok) {
    let message = `${response.status} ${response.statusText}`;
    try {
      const parsed = JSON.parse(text);
      message = Array.isArray(parsed.message) ? parsed.message.join('; ') : String(parsed.message ?? message);
    } catch {
      // not JSON: a proxy's page, keep the status line
    }
    if (response.status >= 502 && response.status <= 504) {
      throw new ServiceDown(`The service is not reachable (${response.status}): check that it is running.`);
    }
    throw new ApiError(response.status, message, path);
  }
  return accept === 'application/json' ? JSON.parse(text) : text;
}

/** A query string from an object, leaving out empty values. */
export function query(params) {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
