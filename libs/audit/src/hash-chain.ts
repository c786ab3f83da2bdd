import { hash } from 'node:crypto';
import { canonicalJson } from './canonical-json';

/** prevHash of a stream's first event; also the logHash before the first seal. */
export const GENESIS_HASH = '0'.repeat(64);

/** Who acted (docs/domain.md, Metadata on every event): name and via where known. */
export type ChainedActor = {
  id: string;
  role: string;
  name?: string;
  via?: string;
};

/** The fields of an event that its hash covers (docs/http-api.md, Audit). */
export interface ChainedFields {
  streamId: string;
  revision: number;
  eventId: string;
  type: string;
  data: unknown;
  occurredAt: string;
  recordedAt: string;
  actor: ChainedActor;
  correlationId: string;
  causationId: string;
}

const CHAINED_KEYS = [
  'actor',
  'causationId',
  'correlationId',
  'data',
  'eventId',
  'occurredAt',
  'recordedAt',
  'revision',
  'streamId',
  'type',
] as const satisfies readonly (keyof ChainedFields)[];

/**
 * hash = lowercase hex SHA-256 of the UTF-8 bytes of prevHash followed by the RFC 8785
 * canonical JSON of the chained fields, so an outside auditor can recompute it.
 */
export function chainHash(prevHash: string, fields: ChainedFields): string {
  // The members in RFC 8785 order (keys sorted), each value canonicalized; an absent
  // (undefined) one is left out, as JSON.stringify would.
  let canonical = '{';
  for (const key of CHAINED_KEYS) {
    const value = fields[key];
    if (value === undefined) continue;
    canonical += `${canonical.length === 1 ? '' : ','}"${key}":${canonicalJson(value)}`;
  }
  canonical += '}';
  return hash('sha256', prevHash + canonical, 'hex');
}
