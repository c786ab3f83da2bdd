import { promises as dns } from 'node:dns';

/** One address a host name resolves to. */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/**
 * How webhook targets' host names are resolved, at subscription and at every connection:
 * every address (rejects when the name does not resolve). Injectable so a test can play DNS
 * rebinding through the real service (createApp's `resolveHost`).
 */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

/** The system resolver (getaddrinfo, as node:http would use). */
export const lookupHost: ResolveHost = (hostname) => dns.lookup(hostname, { all: true });
