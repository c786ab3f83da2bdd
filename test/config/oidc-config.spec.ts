import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ConfigError, loadConfig } from '@cl/config';
import { ADMIN_TOKEN_FILE, ApiKeys } from '../../apps/api/src/auth/api-keys';
import { makeTempDir } from '../support/temp-dir';

/** OIDC_* settings and PUBLIC_URL (docs/operations.md): parsed at start, every problem named, no secret quoted. */
describe('OpenID Connect settings', () => {
  const problemsOf = (env: Record<string, string>): string[] => {
    try {
      loadConfig(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.problems;
      throw error;
    }
    return [];
  };

  it('reads the issuer, audience, claims (defaults roles and sub) and the console client', () => {
    const config = loadConfig({
      OIDC_ISSUER: 'https://login.example.com/realms/firm',
      OIDC_AUDIENCE: 'complaint-api',
      OIDC_CLIENT_ID: 'complaint-console',
      PUBLIC_URL: 'https://complaints.example.com/',
    });
    expect(config.oidc).toEqual({
      issuer: 'https://login.example.com/realms/firm',
      audience: 'complaint-api',
      rolesClaim: 'roles',
      actorClaim: 'sub',
      keyRefetchCooldownSeconds: 60,
      console: {
        clientId: 'complaint-console',
        redirectUri: 'https://complaints.example.com/console/callback',
      },
    });
    expect(loadConfig({}).oidc).toBeUndefined();
    expect(
      loadConfig({ OIDC_ISSUER: 'http://127.0.0.1:8080', OIDC_AUDIENCE: 'a', OIDC_ACTOR_CLAIM: 'oid' }).oidc,
    ).toMatchObject({ issuer: 'http://127.0.0.1:8080', actorClaim: 'oid' });
    expect(
      loadConfig({ OIDC_ISSUER: 'http://localhost:8080/realms/x', OIDC_AUDIENCE: 'a' }).oidc,
    ).toBeDefined();
    expect(loadConfig({ OIDC_ISSUER: 'http://[::1]:8080', OIDC_AUDIENCE: 'a' }).oidc).toBeDefined();
  });

  it('refuses an http issuer off loopback, a missing audience, a client without PUBLIC_URL, orphans', () => {
    expect(problemsOf({ OIDC_ISSUER: 'http://login.example.com', OIDC_AUDIENCE: 'a' })).toEqual([
      expect.stringMatching(/^OIDC_ISSUER must be an https URL \(http only on a loopback address/),
    ]);
    expect(problemsOf({ OIDC_ISSUER: 'http://10.0.0.5', OIDC_AUDIENCE: 'a' })).toHaveLength(1);
    expect(problemsOf({ OIDC_ISSUER: 'https://login.example.com' })).toEqual([
      expect.stringMatching(/^OIDC_AUDIENCE is required with OIDC_ISSUER/),
    ]);
    expect(
      problemsOf({ OIDC_ISSUER: 'https://login.example.com', OIDC_AUDIENCE: 'a', OIDC_CLIENT_ID: 'console' }),
    ).toEqual([expect.stringMatching(/^PUBLIC_URL is required with OIDC_CLIENT_ID/)]);
    const secret = 'client-secret-0123456789abcdef';
    const orphans = problemsOf({ OIDC_AUDIENCE: 'a', OIDC_CLIENT_SECRET: secret });
    expect(orphans).toEqual(['OIDC_AUDIENCE, OIDC_CLIENT_SECRET need OIDC_ISSUER']);
    expect(orphans.join('\n')).not.toContain(secret);
  });

  it('generates no admin token when OIDC_ISSUER is set without API_KEYS (and one when neither is set)', () => {
    const dir = makeTempDir('oidc-config');
    try {
      const withIssuer = loadConfig({
        DATA_DIR: join(dir.path, 'a'),
        OIDC_ISSUER: 'https://login.example.com',
        OIDC_AUDIENCE: 'complaint-api',
      });
      const announced: string[] = [];
      ApiKeys.fromConfig(withIssuer, (message) => announced.push(message));
      expect(existsSync(join(withIssuer.dataDir, ADMIN_TOKEN_FILE))).toBe(false);
      expect(announced).toEqual([]);
      const neither = loadConfig({ DATA_DIR: join(dir.path, 'b') });
      ApiKeys.fromConfig(neither, (message) => announced.push(message));
      expect(existsSync(join(neither.dataDir, ADMIN_TOKEN_FILE))).toBe(true);
    } finally {
      dir.remove();
    }
  });
});
