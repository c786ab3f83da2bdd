export * from './canonical-json';
export * from './hash-chain';
export * from './published-event';
export * from './stream-chain-check';
export * from './seal';
export * from './log-check';
export * from './verify-store';
export * from './audit-sealer';
