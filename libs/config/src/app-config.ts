import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import ipaddr from 'ipaddr.js';
import { ID_PATTERN, SEVERITIES, type Severity } from '@cl/domain';
import {
  parseServiceLevelPolicyText,
  ServiceLevelPolicyError,
  type ServiceLevelPolicy,
} from '@cl/service-levels';

export type { Severity };
export type Role = 'all' | 'api' | 'worker';
export type ApiKeyRole = 'agent' | 'analyst' | 'auditor' | 'integrator' | 'admin';

/** The service's settings, read from the environment once at start (docs/operations.md). */
export interface AppConfig {
  port: number;
  host: string;
  dataDir: string;
  eventStore:
    { kind: 'sqlite'; path: string } | { kind: 'esdb'; connectionString: string; streamNamespace?: string };
  redisUrl: string;
  redisPrefix: string;
  /**
   * REDIS_COMMAND_TIMEOUT_MS: a command without an answer by then fails. On every connection but
   * BullMQ workers' (their blocking waits bound themselves, at most 10 s in BullMQ).
   */
  redisCommandTimeoutMs: number;
  /** SHUTDOWN_TIMEOUT_SECONDS: after SIGTERM a process exits at the latest then, finished or not. */
  shutdownTimeoutSeconds: number;
  /**
   * Undefined when API_KEYS is not set: the service then generates an admin token, unless
   * OIDC_ISSUER is set.
   */
  apiKeys?: ApiKeyEntry[];
  /** OpenID Connect sign-in (OIDC_ISSUER and the others); undefined without OIDC_ISSUER. */
  oidc?: OidcConfig;
  /** ACTOR_ID_SECRET: the HMAC key naming unnamed API-key actors; else one generated into DATA_DIR. */
  actorIdSecret?: string;
  /** TRUST_PROXY: addresses and CIDRs whose X-Forwarded-For/-Proto count; empty: none. */
  trustProxy: string[];
  /** COOKIE_SECURE: the console cookie is `__Host-cl_session` with Secure even over plain http. */
  cookieSecure: boolean;
  /** CONSOLE_SESSION_IDLE_MINUTES: a console session without a request for this long ends. */
  consoleSessionIdleMinutes: number;
  role: Role;
  slaHours: Record<Severity, number>;
  callbackDueHours: number;
  callbackMissedHours: number;
  repurchaseWindows: number[];
  /** How often the early warning re-evaluates every customer (time passing changes levels). */
  riskSweepSeconds: number;
  /** How long an in-flight Idempotency-Key stays locked once its holder stops renewing it. */
  idempotencyLockSeconds: number;
  /** A seal of the log after this many events or seconds, whichever comes first (docs/http-api.md, Audit). */
  auditSeal: { everyEvents: number; seconds: number };
  rateLimitPerMinute?: number;
  /** SLA_POLICY_FILE, parsed and validated (docs/service-levels.md); undefined without one. */
  slaPolicy?: ServiceLevelPolicy;
  /** Feed, live stream and webhooks (docs/http-api.md, Integration; docs/operations.md). */
  integration: IntegrationConfig;
}

export interface IntegrationConfig {
  /** A comment on every live stream this often, so proxies and clients see it is alive. */
  sseKeepAliveSeconds: number;
  /** A live-stream client that reads nothing for this long is disconnected (it resumes by Last-Event-ID). */
  sseStallSeconds: number;
  /** Failing time after which an endpoint's pending events are dead-lettered. */
  webhookDeadLetterHours: number;
  /** Deliveries in flight at once over all subscriptions. */
  webhookConcurrency: number;
  /**
   * A subscription's progress is recorded in its stream at least every this many delivered
   * (or dead-lettered) events, or this many seconds, and at every change of status.
   */
  webhookCheckpoint: { every: number; seconds: number };
  /**
   * WEBHOOK_ALLOWED_NETWORKS: CIDRs of the non-public networks webhook targets may be in (and
   * use http); none by default (docs/http-api.md, Webhook targets).
   */
  webhookAllowedNetworks: string[];
  /** WEBHOOK_MAX_SUBSCRIPTIONS: live subscriptions one actor may own (409 beyond). */
  webhookMaxSubscriptions: number;
  /** SSE_MAX_STREAMS: live streams one actor may have open at once, over all API processes (429 beyond). */
  sseMaxStreams: number;
  /** SUBSCRIPTION_SECRET_KEY (base64 of 32 bytes); else a key generated into DATA_DIR. */
  subscriptionSecretKey?: string;
}

/** OpenID Connect access tokens and the console's sign-in through the issuer (docs/http-api.md, Authentication). */
export interface OidcConfig {
  /** OIDC_ISSUER as written: the `iss` tokens must carry and where the discovery document is. */
  issuer: string;
  /** OIDC_AUDIENCE: the `aud` access tokens must carry. */
  audience: string;
  /** OIDC_ROLES_CLAIM: the claim whose first known role value is the actor's role. */
  rolesClaim: string;
  /** OIDC_ACTOR_CLAIM: the claim that is the actor's id. */
  actorClaim: string;
  /**
   * How long after fetching the issuer's keys an unknown key id may not fetch them again: 60 s,
   * the contract's "at most once a minute" (not a setting; tests shorten it).
   */
  keyRefetchCooldownSeconds: number;
  /** The console's sign-in through the issuer: set when OIDC_CLIENT_ID is. */
  console?: OidcConsoleConfig;
}

export interface OidcConsoleConfig {
  /** OIDC_CLIENT_ID: the console's client at the issuer. */
  clientId: string;
  /** OIDC_CLIENT_SECRET: for a confidential client; without it the console is a public client (PKCE only). */
  clientSecret?: string;
  /** PUBLIC_URL + `/console/callback`: where the issuer sends the browser back. */
  redirectUri: string;
}

/** One API_KEYS entry: `role:token`, or `actorId@role:token` to name the actor. */
export interface ApiKeyEntry {
  role: ApiKeyRole;
  token: string;
  actorId?: string;
}

/** The shortest token API_KEYS accepts (and the shortest ACTOR_ID_SECRET). */
export const MIN_TOKEN_LENGTH = 32;

/** Every problem with the environment, so one start shows them all. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((problem) => `  - ${problem}`).join('\n')}`);
  }
}

/** Every role a token may have (API_KEYS). */
export const API_KEY_ROLES: readonly ApiKeyRole[] = ['agent', 'analyst', 'auditor', 'integrator', 'admin'];

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
    const namespace = env.EVENTSTORE_STREAM_NAMESPACE;
    if (namespace !== undefined && namespace !== '') {
      if (!/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,39}$/.test(namespace)) {
        problems.push(
          `EVENTSTORE_STREAM_NAMESPACE must be 1-40 of A-Z a-z 0-9 _ . : - (not starting with one of _ . : -), got '${namespace}'`,
        );
      }
      eventStore.streamNamespace = namespace;
    }
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

  const redisCommandTimeoutMs = Number(read('REDIS_COMMAND_TIMEOUT_MS', '5000'));
  if (!Number.isSafeInteger(redisCommandTimeoutMs) || redisCommandTimeoutMs < 100) {
    problems.push(
      `REDIS_COMMAND_TIMEOUT_MS must be a whole number of milliseconds >= 100, got '${env.REDIS_COMMAND_TIMEOUT_MS}'`,
    );
  }

  const role = read('ROLE', 'all');
  if (role !== 'all' && role !== 'api' && role !== 'worker') {
    problems.push(`ROLE must be 'all', 'api' or 'worker', got '${role}'`);
  }

  const apiKeys = env.API_KEYS ? parseApiKeys(env.API_KEYS, problems) : undefined;

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

  const rateLimit = env.RATE_LIMIT_PER_MINUTE ? Number(env.RATE_LIMIT_PER_MINUTE) : undefined;
  if (rateLimit !== undefined && (!Number.isSafeInteger(rateLimit) || rateLimit < 1)) {
    problems.push(`RATE_LIMIT_PER_MINUTE must be a whole number >= 1, got '${env.RATE_LIMIT_PER_MINUTE}'`);
  }
  const actorIdSecret = env.ACTOR_ID_SECRET || undefined;
  if (actorIdSecret !== undefined && actorIdSecret.length < MIN_TOKEN_LENGTH) {
    problems.push(
      `ACTOR_ID_SECRET must be at least ${MIN_TOKEN_LENGTH} characters (e.g. \`openssl rand -base64 32\`)`,
    );
  }
  const trustProxy = parseTrustProxy(env.TRUST_PROXY ?? '', problems);
  const cookieSecure = read('COOKIE_SECURE', 'false');
  if (cookieSecure !== 'true' && cookieSecure !== 'false') {
    problems.push(`COOKIE_SECURE must be 'true' or 'false', got '${cookieSecure}'`);
  }
  const webhookConcurrency = Number(read('WEBHOOK_CONCURRENCY', '32'));
  if (!Number.isSafeInteger(webhookConcurrency) || webhookConcurrency < 1) {
    problems.push(`WEBHOOK_CONCURRENCY must be a whole number >= 1, got '${env.WEBHOOK_CONCURRENCY}'`);
  }
  const webhookCheckpointEvery = Number(read('WEBHOOK_CHECKPOINT_EVERY', '100'));
  if (!Number.isSafeInteger(webhookCheckpointEvery) || webhookCheckpointEvery < 1) {
    problems.push(
      `WEBHOOK_CHECKPOINT_EVERY must be a whole number of deliveries >= 1, got '${env.WEBHOOK_CHECKPOINT_EVERY}'`,
    );
  }
  const webhookAllowedNetworks = parseNetworks(env.WEBHOOK_ALLOWED_NETWORKS ?? '', problems);
  const wholeAtLeastOne = (name: string, fallback: string, unit: string): number => {
    const value = Number(read(name, fallback));
    if (!Number.isSafeInteger(value) || value < 1) {
      problems.push(`${name} must be a whole number of ${unit} >= 1, got '${env[name]}'`);
    }
    return value;
  };
  const webhookMaxSubscriptions = wholeAtLeastOne(
    'WEBHOOK_MAX_SUBSCRIPTIONS',
    '100',
    'subscriptions per actor',
  );
  const sseMaxStreams = wholeAtLeastOne('SSE_MAX_STREAMS', '10', 'live streams per actor');
  const secretKey = env.SUBSCRIPTION_SECRET_KEY || undefined;
  if (secretKey !== undefined && Buffer.from(secretKey, 'base64').length !== 32) {
    problems.push('SUBSCRIPTION_SECRET_KEY must be the base64 of 32 bytes (e.g. `openssl rand -base64 32`)');
  }
  const oidc = parseOidc(env, problems);
  const slaPolicy = env.SLA_POLICY_FILE ? readSlaPolicy(env.SLA_POLICY_FILE, problems) : undefined;

  const config: AppConfig = {
    port,
    host: read('HOST', '127.0.0.1'),
    dataDir,
    eventStore,
    redisUrl,
    redisPrefix,
    redisCommandTimeoutMs,
    shutdownTimeoutSeconds: positiveNumber(
      'SHUTDOWN_TIMEOUT_SECONDS',
      read('SHUTDOWN_TIMEOUT_SECONDS', '30'),
    ),
    apiKeys,
    ...(oidc !== undefined && { oidc }),
    ...(actorIdSecret !== undefined && { actorIdSecret }),
    trustProxy,
    cookieSecure: cookieSecure === 'true',
    consoleSessionIdleMinutes: positiveNumber(
      'CONSOLE_SESSION_IDLE_MINUTES',
      read('CONSOLE_SESSION_IDLE_MINUTES', '30'),
    ),
    role: role as Role,
    slaHours,
    callbackDueHours: positiveNumber('CALLBACK_DUE_HOURS', read('CALLBACK_DUE_HOURS', '24')),
    callbackMissedHours: positiveNumber('CALLBACK_MISSED_HOURS', read('CALLBACK_MISSED_HOURS', '72')),
    repurchaseWindows,
    riskSweepSeconds: positiveNumber('RISK_SWEEP_SECONDS', read('RISK_SWEEP_SECONDS', '300')),
    idempotencyLockSeconds: positiveNumber(
      'IDEMPOTENCY_LOCK_SECONDS',
      read('IDEMPOTENCY_LOCK_SECONDS', '10'),
    ),
    auditSeal: {
      everyEvents: auditSealEvery,
      seconds: positiveNumber('AUDIT_SEAL_SECONDS', read('AUDIT_SEAL_SECONDS', '600')),
    },
    rateLimitPerMinute: rateLimit,
    ...(slaPolicy !== undefined && { slaPolicy }),
    integration: {
      sseKeepAliveSeconds: positiveNumber('SSE_KEEPALIVE_SECONDS', read('SSE_KEEPALIVE_SECONDS', '15')),
      sseStallSeconds: positiveNumber('SSE_STALL_SECONDS', read('SSE_STALL_SECONDS', '30')),
      webhookDeadLetterHours: positiveNumber(
        'WEBHOOK_DEAD_LETTER_HOURS',
        read('WEBHOOK_DEAD_LETTER_HOURS', '24'),
      ),
      webhookConcurrency,
      webhookCheckpoint: {
        every: webhookCheckpointEvery,
        seconds: positiveNumber('WEBHOOK_CHECKPOINT_SECONDS', read('WEBHOOK_CHECKPOINT_SECONDS', '5')),
      },
      webhookAllowedNetworks,
      webhookMaxSubscriptions,
      sseMaxStreams,
      subscriptionSecretKey: secretKey,
    },
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * OIDC_ISSUER and its companions. The issuer must be an https URL, or http on a loopback
 * address (tests, an identity provider on this machine). OIDC_CLIENT_ID turns on the console's
 * sign-in and needs PUBLIC_URL. OIDC_CLIENT_SECRET is never quoted.
 */
function parseOidc(env: NodeJS.ProcessEnv, problems: string[]): OidcConfig | undefined {
  const value = (name: string) => {
    const text = env[name]?.trim();
    return text === undefined || text === '' ? undefined : text;
  };
  const issuer = value('OIDC_ISSUER');
  if (issuer === undefined) {
    const orphans = ['OIDC_AUDIENCE', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET'].filter((name) => value(name));
    if (orphans.length > 0) problems.push(`${orphans.join(', ')} need OIDC_ISSUER`);
    return undefined;
  }
  const issuerProblem = webUrlProblem(issuer);
  if (issuerProblem !== undefined) problems.push(`OIDC_ISSUER ${issuerProblem}, got '${issuer}'`);
  const audience = value('OIDC_AUDIENCE');
  if (audience === undefined) {
    problems.push("OIDC_AUDIENCE is required with OIDC_ISSUER (the `aud` the API's access tokens carry)");
  }
  const claim = (name: string, fallback: string) => {
    const text = value(name) ?? fallback;
    if (!/^[\x21-\x7e]{1,128}$/.test(text)) {
      problems.push(`${name} must be a claim name of 1-128 printable characters, got '${text}'`);
    }
    return text;
  };
  const rolesClaim = claim('OIDC_ROLES_CLAIM', 'roles');
  const actorClaim = claim('OIDC_ACTOR_CLAIM', 'sub');
  const clientId = value('OIDC_CLIENT_ID');
  const clientSecret = value('OIDC_CLIENT_SECRET');
  let consoleSignIn: OidcConsoleConfig | undefined;
  if (clientId !== undefined) {
    const publicUrl = value('PUBLIC_URL')?.replace(/\/+$/, '');
    if (publicUrl === undefined) {
      problems.push(
        'PUBLIC_URL is required with OIDC_CLIENT_ID (the console sign-in returns to PUBLIC_URL/console/callback)',
      );
    } else {
      const urlProblem = publicUrlProblem(publicUrl);
      if (urlProblem !== undefined) problems.push(`PUBLIC_URL ${urlProblem}, got '${publicUrl}'`);
    }
    consoleSignIn = {
      clientId,
      ...(clientSecret !== undefined && { clientSecret }),
      redirectUri: `${publicUrl ?? ''}/console/callback`,
    };
  } else if (clientSecret !== undefined) {
    problems.push('OIDC_CLIENT_SECRET needs OIDC_CLIENT_ID');
  }
  return {
    issuer,
    audience: audience ?? '',
    rolesClaim,
    actorClaim,
    keyRefetchCooldownSeconds: 60,
    ...(consoleSignIn !== undefined && { console: consoleSignIn }),
  };
}

/** Why an issuer URL is not acceptable: not https (http only on a loopback address), a query or fragment. */
function webUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    return 'must have no query, fragment or credentials';
  }
  if (url.protocol === 'https:') return undefined;
  if (url.protocol === 'http:' && isLoopbackHost(url.hostname)) return undefined;
  return 'must be an https URL (http only on a loopback address such as 127.0.0.1 or localhost)';
}

/** Why PUBLIC_URL is not acceptable: not an http(s) URL, or one with a query or fragment. */
function publicUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return 'must be an http or https URL';
  if (url.search !== '' || url.hash !== '' || url.username !== '' || url.password !== '') {
    return 'must have no query, fragment or credentials';
  }
  return undefined;
}

/** localhost, 127.0.0.0/8 or ::1 (URL.hostname writes IPv6 in brackets). */
function isLoopbackHost(hostname: string): boolean {
  if (hostname === 'localhost' || hostname.endsWith('.localhost')) return true;
  const address = hostname.replace(/^\[(.*)\]$/, '$1');
  return ipaddr.isValid(address) && ipaddr.process(address).range() === 'loopback';
}

/**
 * WEBHOOK_ALLOWED_NETWORKS: comma-separated CIDRs (`127.0.0.0/8,fd00::/8`), each given back
 * as written; empty entries are ignored. A bare address is refused rather than guessed at.
 */
function parseNetworks(text: string, problems: string[]): string[] {
  const networks: string[] = [];
  text.split(',').forEach((raw, index) => {
    const entry = raw.trim();
    if (entry === '') return;
    const valid =
      ipaddr.IPv4.isValidCIDRFourPartDecimal(entry) ||
      (ipaddr.IPv6.isValidCIDR(entry) && !entry.includes('%'));
    if (valid) networks.push(entry);
    else {
      problems.push(
        `WEBHOOK_ALLOWED_NETWORKS entry ${index + 1} '${entry}' is not a CIDR (address/prefix length, e.g. 10.0.0.0/8, 127.0.0.0/8 or fd00::/8)`,
      );
    }
  });
  return networks;
}

/** SLA_POLICY_FILE: read and validated once, at start; each problem names the file and the field. */
function readSlaPolicy(file: string, problems: string[]): ServiceLevelPolicy | undefined {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    problems.push(
      `SLA_POLICY_FILE ${path} cannot be read (${(error as NodeJS.ErrnoException).code ?? error})`,
    );
    return undefined;
  }
  try {
    return parseServiceLevelPolicyText(text);
  } catch (error) {
    if (!(error instanceof ServiceLevelPolicyError)) throw error;
    for (const problem of error.problems) problems.push(`SLA_POLICY_FILE ${path}: ${problem}`);
    return undefined;
  }
}

/**
 * TRUST_PROXY: comma-separated addresses and CIDRs (IPv4 or IPv6) of the reverse proxies
 * whose X-Forwarded-For and X-Forwarded-Proto count. Unset or empty: none.
 */
function parseTrustProxy(text: string, problems: string[]): string[] {
  const entries = text
    .split(',')
    .map((entry) => entry.trim())
    .filter((entry) => entry !== '');
  for (const entry of entries) {
    if (!ipaddr.isValid(entry) && !ipaddr.isValidCIDR(entry)) {
      problems.push(
        `TRUST_PROXY has '${entry}', which is neither an IP address nor a CIDR (e.g. 10.0.0.0/8)`,
      );
    }
  }
  return entries;
}

/**
 * API_KEYS: `role:token,...` or `actorId@role:token,...`, split at the first `:` only (a
 * token may contain `:`). An unknown role, a token shorter than MIN_TOKEN_LENGTH or one a
 * Bearer header cannot carry, a token given twice, a malformed or repeated actor id is a
 * problem; no problem ever quotes a token or what may be part of one (they are secrets: they
 * would end up in logs), only entry numbers and roles.
 */
function parseApiKeys(text: string, problems: string[]): ApiKeyEntry[] {
  const keys: ApiKeyEntry[] = [];
  const tokens = new Map<string, number>();
  const actorIds = new Map<string, number>();
  text.split(',').forEach((raw, index) => {
    const entry = raw.trim();
    const number = index + 1;
    const colon = entry.indexOf(':');
    if (colon < 0) {
      problems.push(
        `API_KEYS entry ${number} is not role:token or actorId@role:token (role one of ${API_KEY_ROLES.join(', ')})`,
      );
      return;
    }
    const head = entry.slice(0, colon).trim();
    const token = entry.slice(colon + 1).trim();
    const at = head.lastIndexOf('@');
    const role = head.slice(at + 1).trim();
    const actorId = at < 0 ? undefined : head.slice(0, at).trim();
    // An unknown role is not quoted either: it may be the start of a token written without one.
    if (!API_KEY_ROLES.includes(role as ApiKeyRole)) {
      problems.push(`API_KEYS entry ${number} has an unknown role; roles are ${API_KEY_ROLES.join(', ')}`);
      return;
    }
    const place = `API_KEYS entry ${number} (${role})`;
    if (!/^[\x21-\x7e]+$/.test(token)) {
      problems.push(`${place} needs a token of printable ASCII without spaces (a Bearer header carries it)`);
    } else if (token.length < MIN_TOKEN_LENGTH) {
      problems.push(
        `${place} has a token of ${token.length} characters; tokens need at least ${MIN_TOKEN_LENGTH} (e.g. \`openssl rand -base64 32\`)`,
      );
    } else if (tokens.has(token)) {
      problems.push(`${place} repeats the token of entry ${tokens.get(token)}: each token must be unique`);
    } else {
      tokens.set(token, number);
    }
    if (actorId !== undefined) {
      if (!ID_PATTERN.test(actorId)) {
        problems.push(`${place} has an actor id that is not 1-64 characters of A-Z a-z 0-9 _ . -`);
      } else if (actorIds.has(actorId)) {
        problems.push(
          `${place} repeats the actor id ${actorId} of entry ${actorIds.get(actorId)}: each actor id must be unique`,
        );
      } else {
        actorIds.set(actorId, number);
      }
    }
    keys.push({ role: role as ApiKeyRole, token, ...(actorId !== undefined && { actorId }) });
  });
  return keys;
}
