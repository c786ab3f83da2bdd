export * from './early-warning.module';
