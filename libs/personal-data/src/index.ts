/**
 * Personal data sealed under per-customer keys, and erased by deleting them (docs/privacy.md).
 * The port loads no driver: the embedded key store is `@cl/personal-data/sqlite`, the Nest
 * module `@cl/personal-data/nest`.
 */
export * from './bounded-key-cache';
export * from './data-key-store';
export * from './no-data-keys';
export * from './personal-data-cipher';
export * from './personal-fields';
export { keyIdOf, UnreadableSealedValueError } from './sealed-value';
