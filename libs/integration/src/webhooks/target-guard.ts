import type { LookupFunction } from 'node:net';
import { lookupHost, type ResolveHost } from './resolve-host';
import {
  AllowedNetworks,
  checkTarget,
  ipLiteral,
  type TargetRefusal,
  type TargetVerdict,
} from './webhook-target';

/** A connection refused by the target rules (the lookup's error, so node:http makes no connection). */
export class RefusedTargetError extends Error {
  override readonly name = 'RefusedTargetError';
  constructor(readonly refusal: TargetRefusal) {
    super(`webhook target refused: ${refusal.reason}`);
  }
}

/**
 * The target rules applied with a resolver: `vet` at subscription, `lookupFor` at every
 * connection of a delivery (the addresses checked are the ones the socket may connect to).
 */
export class TargetGuard {
  private readonly allowed: AllowedNetworks;

  constructor(
    allowedNetworks: readonly string[],
    private readonly resolveHost: ResolveHost = lookupHost,
  ) {
    this.allowed = AllowedNetworks.parse(allowedNetworks);
  }

  /** Resolves the URL's host (unless it is an IP literal) and checks every address. */
  async vet(text: string): Promise<TargetVerdict> {
    if (!URL.canParse(text)) return { allowed: false, refusal: { reason: 'not_an_http_url' } };
    const url = new URL(text);
    const literal = this.vetLiteral(url);
    if (literal !== undefined) return literal;
    const addresses = await this.resolveHost(url.hostname).catch(() => []);
    return checkTarget(
      url,
      addresses.map((each) => each.address),
      this.allowed,
    );
  }

  /**
   * The verdict on a URL whose host is an IP literal (node:net connects to those without a
   * lookup, so they are checked before the request); undefined for a host name.
   */
  vetLiteral(url: URL): TargetVerdict | undefined {
    const literal = ipLiteral(url);
    return literal === undefined ? undefined : checkTarget(url, [literal], this.allowed);
  }

  /**
   * A `lookup` for node:http(s).request to `url`: resolves, checks every address, and answers
   * only those (the connection goes to an address that was checked, whatever the name
   * resolves to a moment later); a refused target fails the lookup with RefusedTargetError.
   */
  lookupFor(url: URL): LookupFunction {
    return (hostname, options, callback) => {
      this.resolveHost(hostname).then(
        (resolved) => {
          const verdict = checkTarget(
            url,
            resolved.map((each) => each.address),
            this.allowed,
          );
          const family = familyOf(options.family);
          const usable = resolved.filter((each) => family === undefined || each.family === family);
          if (!verdict.allowed && verdict.refusal.reason !== 'unresolved') {
            callback(new RefusedTargetError(verdict.refusal), '');
          } else if (usable.length === 0) {
            callback(Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' }), '');
          } else if (options.all) {
            callback(null, usable);
          } else {
            callback(null, usable[0]!.address, usable[0]!.family);
          }
        },
        (error: NodeJS.ErrnoException) => callback(error, ''),
      );
    };
  }
}

function familyOf(family: number | 'IPv4' | 'IPv6' | undefined): 4 | 6 | undefined {
  if (family === 4 || family === 'IPv4') return 4;
  if (family === 6 || family === 'IPv6') return 6;
  return undefined;
}
