import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK, type JWTPayload } from 'jose';

/** One signing key of the test issuer: its key id, private key and public JWK. */
export interface IssuerKey {
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

/** What the test issuer's sign-in page "signs in" (no form: the test says who it is). */
export interface IssuerUser {
  sub: string;
  name?: string;
  preferred_username?: string;
  roles?: string | string[];
}

interface PendingCode {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce?: string;
  user: IssuerUser;
}

/**
 * A minimal OpenID Provider on 127.0.0.1 for the tests, in the test process: the discovery
 * document, a JWKS (what `keys` holds; `jwksFetches` counts its fetches), and for the
 * console's sign-in an authorization endpoint that signs in `user` at once and a token endpoint
 * that checks the code, the redirect URI, the client and the PKCE verifier (S256) and answers
 * with an ID token and an access token signed with the current key. Keys are made with jose.
 */
export class TestOidcIssuer {
  /** The keys the JWKS serves; `current` signs. */
  keys: IssuerKey[] = [];
  current!: IssuerKey;
  jwksFetches = 0;
  /** Who the next authorization request signs in. */
  user: IssuerUser = { sub: 'person-1', name: 'Person One', roles: ['agent'] };
  /** The audience of access tokens the token endpoint issues. */
  accessTokenAudience = 'complaint-api';
  private readonly codes = new Map<string, PendingCode>();
  private server!: Server;
  url = '';

  /**
   * Listens on 127.0.0.1; `host` is the name in its URL (`localhost` makes it another site than
   * a service at 127.0.0.1, as a real identity provider is for a browser).
   */
  static async start(host = '127.0.0.1'): Promise<TestOidcIssuer> {
    const issuer = new TestOidcIssuer();
    issuer.current = await TestOidcIssuer.newKey();
    issuer.keys = [issuer.current];
    issuer.server = createServer((request, response) => {
      issuer.handle(request).then(
        ({ status, headers, body }) => {
          response.writeHead(status, headers);
          response.end(body);
        },
        (error: unknown) => {
          response.writeHead(500);
          response.end(String(error));
        },
      );
    });
    await new Promise<void>((resolve) => issuer.server.listen(0, '127.0.0.1', resolve));
    issuer.url = `http://${host}:${(issuer.server.address() as AddressInfo).port}`;
    return issuer;
  }

  static async newKey(alg = 'RS256'): Promise<IssuerKey> {
    const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
    const kid = randomBytes(6).toString('hex');
    return { kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
  }

  /** A new current key; the JWKS serves only it from now on (the old one is withdrawn). */
  async rotate(): Promise<IssuerKey> {
    this.current = await TestOidcIssuer.newKey();
    this.keys = [this.current];
    return this.current;
  }

  /**
   * An access token: these claims over iss (this issuer), aud, iat and exp (in 5 min) unless
   * the claims give their own; signed with `key` (default the current one).
   */
  sign(claims: JWTPayload, key: IssuerKey = this.current): Promise<string> {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      iss: this.url,
      aud: this.accessTokenAudience,
      iat: now,
      exp: now + 300,
      ...claims,
    })
      .setProtectedHeader({ alg: key.publicJwk.alg!, kid: key.kid, typ: 'JWT' })
      .sign(key.privateKey);
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async handle(
    request: IncomingMessage,
  ): Promise<{ status: number; headers: Record<string, string>; body: string }> {
    const url = new URL(request.url ?? '/', this.url);
    const json = (status: number, body: unknown) => ({
      status,
      headers: { 'content-type': 'application/json', 'cache-control': 'no-store' },
      body: JSON.stringify(body),
    });
    if (url.pathname === '/.well-known/openid-configuration') {
      return json(200, {
        issuer: this.url,
        jwks_uri: `${this.url}/jwks`,
        authorization_endpoint: `${this.url}/authorize`,
        token_endpoint: `${this.url}/token`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['RS256'],
        code_challenge_methods_supported: ['S256'],
        token_endpoint_auth_methods_supported: ['none'],
        scopes_supported: ['openid', 'profile'],
      });
    }
    if (url.pathname === '/jwks') {
      this.jwksFetches += 1;
      return json(200, { keys: this.keys.map((key) => key.publicJwk) });
    }
    if (url.pathname === '/authorize') return this.authorize(url);
    if (url.pathname === '/token' && request.method === 'POST') {
      return this.token(new URLSearchParams(await readBody(request)), json);
    }
    return json(404, { error: 'not_found' });
  }

  private authorize(url: URL) {
    const query = url.searchParams;
    const redirectUri = query.get('redirect_uri') ?? '';
    const back = new URL(redirectUri);
    const state = query.get('state');
    if (state !== null) back.searchParams.set('state', state);
    if (query.get('response_type') !== 'code' || query.get('code_challenge_method') !== 'S256') {
      back.searchParams.set('error', 'invalid_request');
    } else {
      const code = randomBytes(16).toString('hex');
      this.codes.set(code, {
        clientId: query.get('client_id') ?? '',
        redirectUri,
        codeChallenge: query.get('code_challenge') ?? '',
        nonce: query.get('nonce') ?? undefined,
        user: this.user,
      });
      back.searchParams.set('code', code);
    }
    return { status: 302, headers: { location: back.href }, body: '' };
  }

  private async token(
    form: URLSearchParams,
    json: (
      status: number,
      body: unknown,
    ) => { status: number; headers: Record<string, string>; body: string },
  ) {
    const pending = this.codes.get(form.get('code') ?? '');
    this.codes.delete(form.get('code') ?? '');
    const verifier = form.get('code_verifier') ?? '';
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    if (
      !pending ||
      form.get('grant_type') !== 'authorization_code' ||
      form.get('client_id') !== pending.clientId ||
      form.get('redirect_uri') !== pending.redirectUri ||
      challenge !== pending.codeChallenge
    ) {
      return json(400, { error: 'invalid_grant' });
    }
    const { user } = pending;
    const idToken = await this.sign({
      aud: pending.clientId,
      ...user,
      ...(pending.nonce !== undefined && { nonce: pending.nonce }),
    });
    const accessToken = await this.sign({ ...user });
    return json(200, { access_token: accessToken, id_token: idToken, token_type: 'Bearer', expires_in: 300 });
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}
