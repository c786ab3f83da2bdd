import { API_KEYS } from '../support/http-client';

/** Deadlines of a few seconds (operations.md: hours may be fractional for tests). */
export const TIMER_ENV = {
  API_KEYS,
  SLA_HOURS: 'critical=0.0005,high=0.0015,medium=1,low=1', // 1.8 s and 5.4 s
  CALLBACK_DUE_HOURS: '0.0003', // 1.08 s
  CALLBACK_MISSED_HOURS: '0.0006', // 2.16 s
};
