import { resolve } from 'node:path';

export type Role = 'all' | 'api' | 'worker';
export type Severity = 'critical' | 'high' | 'medium' | 'low';
export type ApiKeyRole = 'agent' | 'analyst' | 'auditor' | 'integrator' | 'admin';

/** The service's settings, read from the environment once at start (operations.md). */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  eventStore: { kind: 'sqlite'; path: string } | { kind: 'esdb'; connectionString: string };
  redisUrl: string;
  redisPrefix: string;
  /** Undefined when API_KEYS is not set: the service then generates an admin token. */
  apiKeys?: { role: ApiKeyRole; token: string }[];
  role: Role;
  slaHours: Record<Severity, number>;
  callbackDueHours: number;
  callbackMissedHours: number;
  repurchaseWindows: number[];
  /** How often the early warning re-evaluates every customer (time passing changes levels). */
  riskSweepSeconds: number;
  /** A seal of the log after this many events or seconds, whichever comes first (http-api.md, Audit). */
  auditSeal: { everyEvents: number; seconds: number };
  rateLimitPerMinute?: number;
}

/** Every problem with the environment, so one start shows them all. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

const API_KEY_ROLES: readonly ApiKeyRole[] = ['agent', 'analyst', 'auditor', 'integrator', 'admin'];
const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low'];

export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const problems: string[] = [];
  const read = (name: string, fallback: string) => {
    const value = env[name];
    return value === undefined || value === '' ? fallback : value;
  };
  const positiveNumber = (name: string, text: string): number => {
    const value = Number(text);
    if (!Number.isFinite(value) || value <= 0) problems.push(`${name} must be a number > 0, got '${text}'`);
    return value;
  };

  const port = Number(read('PORT', '3000'));
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    problems.push(`PORT must be 0-65535, got '${env.PORT}'`);

  const dataDir = resolve(read('DATA_DIR', './data'));
  const kind = read('EVENT_STORE', 'sqlite');
  let eventStore: AppConfig['eventStore'] = { kind: 'sqlite', path: resolve(dataDir, 'events.db') };
  if (kind === 'esdb') {
    const connectionString = env.EVENTSTORE_CONNECTION_STRING;
    if (!connectionString) problems.push('EVENTSTORE_CONNECTION_STRING is required when EVENT_STORE=esdb');
    eventStore = { kind: 'esdb', connectionString: connectionString ?? '' };
  } else if (kind !== 'sqlite') {
    problems.push(`EVENT_STORE must be 'sqlite' or 'esdb', got '${kind}'`);
  }

  const redisUrl = read('REDIS_URL', 'redis://127.0.0.1:6379');
  if (!/^rediss?:\/\//.test(redisUrl))
    problems.push(`REDIS_URL must start with redis:// or rediss://, got '${redisUrl}'`);
  const redisPrefix = read('REDIS_PREFIX', 'cl');
  if (!/^[A-Za-z0-9_.:-]{1,64}$/.test(redisPrefix)) {
    problems.push(`REDIS_PREFIX must be 1-64 characters of A-Z a-z 0-9 _ . : -, got '${redisPrefix}'`);
  }

  const role = read('ROLE', 'all');
  if (role !== 'all' && role !== 'api' && role !== 'worker') {
    problems.push(`ROLE must be 'all', 'api' or 'worker', got '${role}'`);
  }

  let apiKeys: AppConfig['apiKeys'];
  if (env.API_KEYS) {
    apiKeys = env.API_KEYS.split(',').map((entry) => {
      const [keyRole, token] = entry.trim().split(':');
      if (!API_KEY_ROLES.includes(keyRole as ApiKeyRole) || !token) {
        problems.push(
          `API_KEYS entries must be role:token with role one of ${API_KEY_ROLES.join(', ')}; got '${entry}'`,
        );
      }
      return { role: keyRole as ApiKeyRole, token: token ?? '' };
    });
  }

  const slaHours = { critical: 4, high: 24, medium: 48, low: 72 };
  for (const pair of read('SLA_HOURS', 'critical=4,high=24,medium=48,low=72').split(',')) {
    const [severity, hours] = pair.trim().split('=');
    if (!SEVERITIES.includes(severity as Severity))
      problems.push(`SLA_HOURS has an unknown severity '${severity}'`);
    else slaHours[severity as Severity] = positiveNumber(`SLA_HOURS ${severity}`, hours ?? '');
  }

  const repurchaseWindows = read('REPURCHASE_WINDOWS', '30,90,180')
    .split(',')
    .map((days) => Number(days.trim()));
  if (repurchaseWindows.some((days) => !Number.isInteger(days) || days <= 0)) {
    problems.push(`REPURCHASE_WINDOWS must be whole numbers of days > 0, got '${env.REPURCHASE_WINDOWS}'`);
  }

  const auditSealEvery = Number(read('AUDIT_SEAL_EVERY', '10000'));
  if (!Number.isSafeInteger(auditSealEvery) || auditSealEvery < 1) {
    problems.push(`AUDIT_SEAL_EVERY must be a whole number of events >= 1, got '${env.AUDIT_SEAL_EVERY}'`);
  }

  const rateLimit = env.RATE_LIMIT_PER_MINUTE
    ? positiveNumber('RATE_LIMIT_PER_MINUTE', env.RATE_LIMIT_PER_MINUTE)
    : undefined;
  const config: AppConfig = {
    port,
    host: read('HOST', '127.0.0.1'),
    dataDir,
    eventStore,
    redisUrl,
    redisPrefix,
    apiKeys,
    role: role as Role,
    slaHours,
    callbackDueHours: positiveNumber('CALLBACK_DUE_HOURS', read('CALLBACK_DUE_HOURS', '24')),
    callbackMissedHours: positiveNumber('CALLBACK_MISSED_HOURS', read('CALLBACK_MISSED_HOURS', '72')),
    repurchaseWindows,
    riskSweepSeconds: positiveNumber('RISK_SWEEP_SECONDS', read('RISK_SWEEP_SECONDS', '300')),
    auditSeal: {
      everyEvents: auditSealEvery,
      seconds: positiveNumber('AUDIT_SEAL_SECONDS', read('AUDIT_SEAL_SECONDS', '600')),
    },
    rateLimitPerMinute: rateLimit,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}
