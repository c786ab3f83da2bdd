import type { IncomingHttpHeaders } from 'node:http';

/**
 * The console's session cookie (docs/http-api.md, Operations): `__Host-cl_session` with Secure
 * whenever the request came over https (directly or through a trusted proxy) or
 * COOKIE_SECURE=true; `cl_session` without Secure over plain http (a browser would drop a
 * Secure cookie there). Either is read.
 */
export const SECURE_SESSION_COOKIE = '__Host-cl_session';
export const PLAIN_SESSION_COOKIE = 'cl_session';

/** How long a console sign-in lasts at the latest (the cookie's Max-Age; idle sessions end sooner). */
export const CONSOLE_SESSION_SECONDS = 8 * 60 * 60;

/** Methods a session cookie authenticates: reads only, so a forged cross-site form cannot run a command. */
export const COOKIE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/**
 * The value of a cookie pair (`__Host-` Secure name first, else the plain one) in a Cookie
 * header, when it is an id of 1-128 of `A-Z a-z 0-9 _ -`; undefined otherwise.
 */
export function cookieId(
  headers: IncomingHttpHeaders,
  secureName: string,
  plainName: string,
): string | undefined {
  let plain: string | undefined;
  for (const part of (headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const name = part.slice(0, separator).trim();
    if (name !== secureName && name !== plainName) continue;
    const value = part.slice(separator + 1).trim();
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(value)) continue;
    if (name === secureName) return value;
    plain ??= value;
  }
  return plain;
}

/** The session id in the request's Cookie header (the Secure cookie first), or undefined. */
export function sessionCookie(headers: IncomingHttpHeaders): string | undefined {
  return cookieId(headers, SECURE_SESSION_COOKIE, PLAIN_SESSION_COOKIE);
}

/** Set-Cookie for a new session: HttpOnly, SameSite=Strict, whole site; the `__Host-` one with Secure. */
export function sessionSetCookie(sessionId: string, secure: boolean): string {
  const name = secure ? SECURE_SESSION_COOKIE : PLAIN_SESSION_COOKIE;
  return `${name}=${sessionId}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${CONSOLE_SESSION_SECONDS}${secure ? '; Secure' : ''}`;
}

/** Set-Cookie headers that remove both session cookies (a browser accepts the `__Host-` one only with Secure). */
export function sessionClearCookies(): string[] {
  return [
    `${SECURE_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0; Secure`,
    `${PLAIN_SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0`,
  ];
}
