import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@cl/config';
import { makeTempDir } from '../support/temp-dir';
import { EXAMPLE_POLICY } from '../service-levels/example-policy';

describe('loadConfig', () => {
  it('gives the documented defaults', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      eventStore: { kind: 'sqlite', path: expect.stringMatching(/data\/events\.db$/) },
      redisUrl: 'redis://127.0.0.1:6379',
      redisPrefix: 'cl',
      role: 'all',
      slaHours: { critical: 4, high: 24, medium: 48, low: 72 },
      callbackDueHours: 24,
      callbackMissedHours: 72,
      repurchaseWindows: [30, 90, 180],
    });
    expect(config.apiKeys).toBeUndefined();
  });

  it('reads every variable, fractional hours included', () => {
    const config = loadConfig({
      PORT: '8080',
      DATA_DIR: '/srv/cl',
      EVENT_STORE: 'esdb',
      EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
      EVENTSTORE_STREAM_NAMESPACE: 'staging-',
      API_KEYS: 'agent:a1,admin:x9',
      ROLE: 'worker',
      SLA_HOURS: 'critical=0.001,high=2',
      CALLBACK_DUE_HOURS: '0.5',
      REPURCHASE_WINDOWS: '7,30',
    });
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/srv/cl',
      eventStore: {
        kind: 'esdb',
        connectionString: 'esdb://localhost:2113?tls=false',
        streamNamespace: 'staging-',
      },
      apiKeys: [
        { role: 'agent', token: 'a1' },
        { role: 'admin', token: 'x9' },
      ],
      role: 'worker',
      slaHours: { critical: 0.001, high: 2, medium: 48, low: 72 },
      callbackDueHours: 0.5,
      repurchaseWindows: [7, 30],
    });
  });

  it('names every bad value in one error', () => {
    let error: unknown;
    try {
      loadConfig({
        PORT: 'x',
        EVENT_STORE: 'mongo',
        ROLE: 'boss',
        API_KEYS: 'root:t',
        SLA_HOURS: 'urgent=1',
      });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of ['PORT', 'EVENT_STORE', 'ROLE', 'API_KEYS', 'SLA_HOURS'])
      expect(problems).toContain(name);
  });

  it('requires a connection string for EventStoreDB', () => {
    expect(() => loadConfig({ EVENT_STORE: 'esdb' })).toThrow(/EVENTSTORE_CONNECTION_STRING/);
    expect(() =>
      loadConfig({
        EVENT_STORE: 'esdb',
        EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
        EVENTSTORE_STREAM_NAMESPACE: '$system',
      }),
    ).toThrow(/EVENTSTORE_STREAM_NAMESPACE/);
  });

  it('reads RATE_LIMIT_PER_MINUTE as a whole number of requests, unset = no limit', () => {
    expect(loadConfig({}).rateLimitPerMinute).toBeUndefined();
    expect(loadConfig({ RATE_LIMIT_PER_MINUTE: '120' }).rateLimitPerMinute).toBe(120);
    for (const bad of ['0', '0.5', '-3', 'many'])
      expect(() => loadConfig({ RATE_LIMIT_PER_MINUTE: bad })).toThrow(
        /RATE_LIMIT_PER_MINUTE must be a whole number/,
      );
  });

  describe('API_KEYS', () => {
    const problemsOf = (apiKeys: string): string => {
      try {
        loadConfig({ API_KEYS: apiKeys });
      } catch (error) {
        if (error instanceof ConfigError) return error.problems.join('\n');
        throw error;
      }
      return '';
    };

    it('splits each entry at its first colon only: a token may contain colons', () => {
      expect(loadConfig({ API_KEYS: 'agent:abc:def:, admin:x' }).apiKeys).toEqual([
        { role: 'agent', token: 'abc:def:' },
        { role: 'admin', token: 'x' },
      ]);
    });

    it('refuses a token given twice, even under two roles, without quoting it', () => {
      const problems = problemsOf('agent:secret-one,admin:secret-one');
      expect(problems).toMatch(/entry 2 \(admin\) repeats the token of entry 1/);
      expect(problems).not.toContain('secret-one');
    });

    it('refuses an unknown role without quoting the entry', () => {
      const problems = problemsOf('agent:ok,root:secret-two,secret-three');
      expect(problems).toMatch(/entry 2 has an unknown role/);
      expect(problems).toMatch(/entry 3 is not role:token/);
      for (const secret of ['secret-two', 'secret-three', 'root']) expect(problems).not.toContain(secret);
    });

    it('refuses an empty token and one a Bearer header cannot carry', () => {
      const problems = problemsOf('agent:,analyst:two words,auditor:caf\u00e9');
      for (const entry of [1, 2, 3]) expect(problems).toContain(`entry ${entry} (`);
      expect(problems).not.toContain('words');
      expect(problems).not.toContain('caf');
    });
  });

  it('reads the seal interval (AUDIT_SEAL_EVERY events, AUDIT_SEAL_SECONDS) and refuses bad values', () => {
    expect(loadConfig({}).auditSeal).toEqual({ everyEvents: 10000, seconds: 600 });
    expect(loadConfig({ AUDIT_SEAL_EVERY: '5', AUDIT_SEAL_SECONDS: '0.5' }).auditSeal).toEqual({
      everyEvents: 5,
      seconds: 0.5,
    });
    for (const [name, value] of [
      ['AUDIT_SEAL_EVERY', '0'],
      ['AUDIT_SEAL_EVERY', '1.5'],
      ['AUDIT_SEAL_EVERY', 'many'],
      ['AUDIT_SEAL_SECONDS', '0'],
      ['AUDIT_SEAL_SECONDS', 'soon'],
    ]) {
      expect(() => loadConfig({ [name]: value })).toThrow(new RegExp(name));
    }
  });

  it('reads the integration settings, fractional dead-letter hours included', () => {
    expect(loadConfig({}).integration).toEqual({
      sseKeepAliveSeconds: 15,
      sseStallSeconds: 30,
      webhookDeadLetterHours: 24,
      webhookConcurrency: 32,
      webhookCheckpoint: { every: 100, seconds: 5 },
      webhookMaxSubscriptions: 100,
      sseMaxStreams: 10,
      subscriptionSecretKey: undefined,
    });
    expect(
      loadConfig({
        WEBHOOK_DEAD_LETTER_HOURS: '0.0005',
        WEBHOOK_CONCURRENCY: '4',
        WEBHOOK_CHECKPOINT_EVERY: '20',
        WEBHOOK_CHECKPOINT_SECONDS: '0.5',
        WEBHOOK_MAX_SUBSCRIPTIONS: '2',
        SSE_MAX_STREAMS: '1',
      }).integration,
    ).toMatchObject({
      webhookDeadLetterHours: 0.0005,
      webhookConcurrency: 4,
      webhookCheckpoint: { every: 20, seconds: 0.5 },
      webhookMaxSubscriptions: 2,
      sseMaxStreams: 1,
    });
    for (const env of [
      { WEBHOOK_CONCURRENCY: '0' },
      { WEBHOOK_CONCURRENCY: '1.5' },
      { WEBHOOK_CHECKPOINT_EVERY: '0' },
      { WEBHOOK_CHECKPOINT_EVERY: '2.5' },
      { WEBHOOK_CHECKPOINT_EVERY: 'often' },
      { WEBHOOK_CHECKPOINT_SECONDS: '0' },
      { WEBHOOK_CHECKPOINT_SECONDS: 'x' },
      { WEBHOOK_DEAD_LETTER_HOURS: '-1' },
      { WEBHOOK_MAX_SUBSCRIPTIONS: '0' },
      { WEBHOOK_MAX_SUBSCRIPTIONS: '2.5' },
      { WEBHOOK_MAX_SUBSCRIPTIONS: 'many' },
      { SSE_MAX_STREAMS: '0' },
      { SSE_MAX_STREAMS: '-3' },
      { SSE_KEEPALIVE_SECONDS: 'x' },
      { SUBSCRIPTION_SECRET_KEY: 'c2hvcnQ=' },
    ]) {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      // The message names the setting.
      expect(() => loadConfig(env)).toThrow(new RegExp(Object.keys(env)[0]));
    }
  });

  it('reads REDIS_COMMAND_TIMEOUT_MS (default 5000) and refuses what is not a whole number of ms >= 100', () => {
    expect(loadConfig({}).redisCommandTimeoutMs).toBe(5000);
    expect(loadConfig({ REDIS_COMMAND_TIMEOUT_MS: '250' }).redisCommandTimeoutMs).toBe(250);
    for (const value of ['0', '99', '1.5', 'soon']) {
      expect(() => loadConfig({ REDIS_COMMAND_TIMEOUT_MS: value })).toThrow(/REDIS_COMMAND_TIMEOUT_MS/);
    }
  });
});

describe('SLA_POLICY_FILE', () => {
  const dir = makeTempDir('sla-policy');
  afterAll(() => dir.remove());
  const policyFile = (name: string, text: string): string => {
    const path = join(dir.path, name);
    writeFileSync(path, text);
    return path;
  };
  const problemsOf = (env: NodeJS.ProcessEnv): string[] => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('is optional: without it there is no policy', () => {
    expect(loadConfig({}).slaPolicy).toBeUndefined();
  });

  it('reads and validates the policy at start, storing it typed', () => {
    const path = policyFile('example.json', JSON.stringify(EXAMPLE_POLICY));
    const config = loadConfig({ SLA_POLICY_FILE: path });
    expect(config.slaPolicy).toMatchObject({
      timezone: 'Asia/Shanghai',
      holidays: ['2026-10-01', '2026-10-02'],
      targets: { finalResponse: { unit: 'days', amount: 15 } },
    });
  });

  it('stops the start on a bad policy with one problem per bad field, naming the file', () => {
    const bad = structuredClone(EXAMPLE_POLICY);
    Object.assign(bad.targets.resolve.high, { days: 1 });
    bad.week.mon.push('11:00-12:30');
    const path = policyFile('bad.json', JSON.stringify(bad));
    expect(problemsOf({ SLA_POLICY_FILE: path, PORT: 'x' })).toEqual([
      expect.stringMatching(/^PORT/),
      `SLA_POLICY_FILE ${path}: week.mon[2]: overlaps week.mon[0] (09:00-12:00)`,
      `SLA_POLICY_FILE ${path}: targets.resolve.high: exactly one unit of hours, businessHours, businessDays, days, got businessHours and days`,
    ]);
  });

  it('says when the file is missing or not JSON', () => {
    const missing = join(dir.path, 'missing.json');
    expect(problemsOf({ SLA_POLICY_FILE: missing })).toEqual([
      `SLA_POLICY_FILE ${missing} cannot be read (ENOENT)`,
    ]);
    const path = policyFile('broken.json', '{ "timezone": "UTC", ');
    expect(problemsOf({ SLA_POLICY_FILE: path })).toEqual([
      expect.stringContaining(`SLA_POLICY_FILE ${path}: not JSON`),
    ]);
  });
});
