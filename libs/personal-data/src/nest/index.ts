/** Personal data in a Nest application (`@cl/personal-data/nest`). */
export * from './personal-data.module';
