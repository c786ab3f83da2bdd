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
      API_KEYS:
        'agent:agent-token-a1-0123456789abcdef0123,claire.m@admin:admin-token-x9-0123456789abcdef0123',
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
        { role: 'agent', token: 'agent-token-a1-0123456789abcdef0123' },
        { role: 'admin', token: 'admin-token-x9-0123456789abcdef0123', actorId: 'claire.m' },
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

  it('reads ACTOR_ID_SECRET, TRUST_PROXY, COOKIE_SECURE and CONSOLE_SESSION_IDLE_MINUTES', () => {
    expect(loadConfig({})).toMatchObject({
      trustProxy: [],
      cookieSecure: false,
      consoleSessionIdleMinutes: 30,
    });
    expect(loadConfig({}).actorIdSecret).toBeUndefined();
    const secret = 'actor-secret-0123456789abcdef0123456';
    expect(
      loadConfig({
        ACTOR_ID_SECRET: secret,
        TRUST_PROXY: '127.0.0.1, 10.0.0.0/8,::1,fd00::/8',
        COOKIE_SECURE: 'true',
        CONSOLE_SESSION_IDLE_MINUTES: '0.5',
      }),
    ).toMatchObject({
      actorIdSecret: secret,
      trustProxy: ['127.0.0.1', '10.0.0.0/8', '::1', 'fd00::/8'],
      cookieSecure: true,
      consoleSessionIdleMinutes: 0.5,
    });
    expect(() => loadConfig({ ACTOR_ID_SECRET: 'short' })).toThrow(/ACTOR_ID_SECRET must be at least 32/);
    expect(() => loadConfig({ TRUST_PROXY: '10.0.0.0/33' })).toThrow(/TRUST_PROXY has '10.0.0.0\/33'/);
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.local' })).toThrow(/TRUST_PROXY/);
    expect(() => loadConfig({ COOKIE_SECURE: 'yes' })).toThrow(/COOKIE_SECURE must be 'true' or 'false'/);
    for (const bad of ['0', '-1', 'soon'])
      expect(() => loadConfig({ CONSOLE_SESSION_IDLE_MINUTES: bad })).toThrow(/CONSOLE_SESSION_IDLE_MINUTES/);
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

    const long = (name: string) => `${name}-0123456789abcdef0123456789abcdef`;

    it('splits each entry at its first colon only: a token may contain colons', () => {
      const colons = `abc:def:${long('g')}`;
      expect(loadConfig({ API_KEYS: `agent:${colons}, admin:${long('x')}` }).apiKeys).toEqual([
        { role: 'agent', token: colons },
        { role: 'admin', token: long('x') },
      ]);
    });

    it('names an entry actorId@role:token, the actor id in the id alphabet', () => {
      expect(loadConfig({ API_KEYS: `ana_1@analyst:${long('a')}` }).apiKeys).toEqual([
        { role: 'analyst', token: long('a'), actorId: 'ana_1' },
      ]);
      const problems = problemsOf(`ana/1@analyst:${long('a')},@agent:${long('b')}`);
      expect(problems).toMatch(/entry 1 \(analyst\) has an actor id that is not 1-64 characters/);
      expect(problems).toMatch(/entry 2 \(agent\) has an actor id that is not/);
    });

    it('refuses a token shorter than 32 characters, naming place and role, never the token', () => {
      const short = 'short-secret-0123456789abcdef01';
      const problems = problemsOf(`agent:${long('a')},integrator:${short},bo@admin:${short}x`);
      expect(problems).toMatch(
        /entry 2 \(integrator\) has a token of 31 characters; tokens need at least 32/,
      );
      expect(problems).not.toMatch(/entry 3/);
      expect(problems).not.toContain(short);
    });

    it('refuses a repeated actor id, naming both entries', () => {
      const problems = problemsOf(`bo@agent:${long('a')},bo@admin:${long('b')}`);
      expect(problems).toMatch(/entry 2 \(admin\) repeats the actor id bo of entry 1/);
      expect(problems).not.toContain(long('b'));
    });

    it('refuses a token given twice, even under two roles, without quoting it', () => {
      const secret = long('secret-one');
      const problems = problemsOf(`agent:${secret},admin:${secret}`);
      expect(problems).toMatch(/entry 2 \(admin\) repeats the token of entry 1/);
      expect(problems).not.toContain(secret);
    });

    it('refuses an unknown role without quoting the entry', () => {
      const problems = problemsOf(`agent:${long('ok')},root:${long('secret-two')},secret-three`);
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
      webhookAllowedNetworks: [],
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

  it('reads WEBHOOK_ALLOWED_NETWORKS as CIDRs (default none) and refuses to start on anything else, naming the entry', () => {
    expect(
      loadConfig({ WEBHOOK_ALLOWED_NETWORKS: ' 127.0.0.0/8, ::1/128,fd00::/8,,10.1.2.3/32 ' }).integration
        .webhookAllowedNetworks,
    ).toEqual(['127.0.0.0/8', '::1/128', 'fd00::/8', '10.1.2.3/32']);
    for (const [value, entry] of [
      ['10.0.0.1', `entry 1 '10.0.0.1'`],
      ['127.0.0.0/8,10.0.0.0/33', `entry 2 '10.0.0.0/33'`],
      ['10.1/16', `entry 1 '10.1/16'`],
      ['fe80::/129', `entry 1 'fe80::/129'`],
      ['fe80::%eth0/10', `entry 1 'fe80::%eth0/10'`],
      ['internal.example.com/24', `entry 1 'internal.example.com/24'`],
    ]) {
      let error: unknown;
      try {
        loadConfig({ WEBHOOK_ALLOWED_NETWORKS: value });
      } catch (caught) {
        error = caught;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toEqual([
        `WEBHOOK_ALLOWED_NETWORKS ${entry} is not a CIDR (address/prefix length, e.g. 10.0.0.0/8, 127.0.0.0/8 or fd00::/8)`,
      ]);
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
