import { createHash } from 'node:crypto';

/** A version of the identity scheme, so a future change cannot collide with earlier imports. */
const SCHEME = 'import-row-v1';

/**
 * What tells a row apart from every other, across files and re-runs (docs/import.md): its stream,
 * its fields in canonical form and its ordinal among identical rows of that stream. Rows
 * inserted elsewhere in the file change nothing for the others. Used as the keyed command's
 * scope: its events get ids derived from it (see idempotentId), so the store recognises a
 * row already written.
 */
export function rowScope(streamId: string, canonical: string, ordinal: number): string {
  return createHash('sha256').update(`${SCHEME}\n${streamId}\n${canonical}\n${ordinal}`).digest('hex');
}

/** The hash recorded on the row's events as `requestHash`. */
export function rowHash(canonical: string): string {
  return createHash('sha256').update(canonical).digest('hex');
}
