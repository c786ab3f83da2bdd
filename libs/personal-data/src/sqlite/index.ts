/** The embedded key store (`@cl/personal-data/sqlite`): loads better-sqlite3. */
export * from './sqlite-data-key-store';
export * from './open-data-keys';
export * from './sqlite-key-reader';
