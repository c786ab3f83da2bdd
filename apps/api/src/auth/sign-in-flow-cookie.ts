import type { IncomingHttpHeaders } from 'node:http';
import { SIGN_IN_FLOW_SECONDS } from './oidc-console-sign-in';

/**
 * The cookie that ties a sign-in through the issuer to the browser that started it (its flow
 * id; the verifier, state and nonce stay in Redis). SameSite=Lax, not Strict: the issuer sends
 * the browser back with a top-level navigation from its own site, which a Strict cookie would
 * miss. Like the session cookie, `__Host-` with Secure over https, plain over http.
 */
export const SECURE_FLOW_COOKIE = '__Host-cl_sign_in';
export const PLAIN_FLOW_COOKIE = 'cl_sign_in';

export function flowSetCookie(flowId: string, secure: boolean): string {
  const name = secure ? SECURE_FLOW_COOKIE : PLAIN_FLOW_COOKIE;
  return `${name}=${flowId}; Path=/; HttpOnly; SameSite=Lax; Max-Age=${SIGN_IN_FLOW_SECONDS}${secure ? '; Secure' : ''}`;
}

export function flowClearCookies(): string[] {
  return [
    `${SECURE_FLOW_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0; Secure`,
    `${PLAIN_FLOW_COOKIE}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0`,
  ];
}

/** The flow id in the request's Cookie header (the Secure cookie first), or undefined. */
export function flowCookie(headers: IncomingHttpHeaders): string | undefined {
  let plain: string | undefined;
  for (const part of (headers.cookie ?? '').split(';')) {
    const separator = part.indexOf('=');
    if (separator < 0) continue;
    const name = part.slice(0, separator).trim();
    if (name !== SECURE_FLOW_COOKIE && name !== PLAIN_FLOW_COOKIE) continue;
    const value = part.slice(separator + 1).trim();
    if (!/^[A-Za-z0-9_-]{1,128}$/.test(value)) continue;
    if (name === SECURE_FLOW_COOKIE) return value;
    plain ??= value;
  }
  return plain;
}
