/** The Nest modules of @cl/timers (`@cl/timers/nest`): importing @cl/timers alone loads no framework. */
export * from './timers.module';
