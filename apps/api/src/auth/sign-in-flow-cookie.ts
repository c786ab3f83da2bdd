import type { IncomingHttpHeaders } from 'node:http';
import { SIGN_IN_FLOW_SECONDS } from './oidc-console-sign-in';
import { cookieId } from './session-cookie';

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
  return cookieId(headers, SECURE_FLOW_COOKIE, PLAIN_FLOW_COOKIE);
}
