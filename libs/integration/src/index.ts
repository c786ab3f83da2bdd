export * from './public-streams';
export * from './event-selection';
export * from './event-feed';
export * from './server-sent-events';
