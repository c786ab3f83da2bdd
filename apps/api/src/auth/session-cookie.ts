import type { IncomingHttpHeaders } from 'node:http';
import { CONSOLE_SESSION_SECONDS } from './console-sessions';

/** The console's session cookie (http-api.md, Operations). */
export const SESSION_COOKIE = 'cl_console_session';

/** Methods a session cookie authenticates: reads only, so a forged cross-site form cannot run a command. */
export const COOKIE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

/** The session id in the request's Cookie header, or undefined. */
export function sessionCookie(headers: IncomingHttpHeaders): string | undefined {
  for (const part of (headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0 || part.slice(0, separator).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(separator + 1).trim();
    return /^[A-Za-z0-9_-]{1,128}$/.test(value) ? value : undefined;
  }
  return undefined;
}

/** Set-Cookie for a new session: HttpOnly, SameSite=Strict, whole site, Secure over HTTPS. */
export function sessionSetCookie(sessionId: string, secure: boolean): string {
  return `${SESSION_COOKIE}=${sessionId}; Path=/; HttpOnly; SameSite=Strict; Max-Age=${CONSOLE_SESSION_SECONDS}${secure ? '; Secure' : ''}`;
}

/** Set-Cookie that removes the session cookie. */
export function sessionClearCookie(secure: boolean): string {
  return `${SESSION_COOKIE}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0${secure ? '; Secure' : ''}`;
}
