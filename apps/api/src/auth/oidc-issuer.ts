import { Inject, Injectable } from '@nestjs/common';
import { APP_CONFIG, type AppConfig, type OidcConfig } from '@cl/config';

/** The parts of the issuer's discovery document (OpenID Connect Discovery 1.0) the service reads. */
export interface IssuerMetadata {
  issuer: string;
  jwks_uri: string;
  authorization_endpoint?: string;
  token_endpoint?: string;
  [field: string]: unknown;
}

/** The issuer's discovery document or keys could not be read: nothing can be verified now (503). */
export class IdentityProviderUnavailableError extends Error {
  override readonly name = 'IdentityProviderUnavailableError';
}

/** How long one fetch of the discovery document may take. */
const DISCOVERY_TIMEOUT_MS = 5_000;
/** After a failed fetch, requests within this time fail at once instead of fetching again. */
const RETRY_AFTER_FAILURE_MS = 5_000;

/**
 * OIDC_ISSUER's discovery document (`<issuer>/.well-known/openid-configuration`), fetched when
 * first needed and then kept for the life of the process (what it names, the key set's address
 * and the endpoints, does not change under a running issuer; the keys themselves are refetched
 * by OidcAccessTokens). A failed fetch is tried again by a later request, at most every 5 s.
 */
@Injectable()
export class OidcIssuer {
  readonly settings: OidcConfig | undefined;
  private metadata: Promise<IssuerMetadata> | undefined;
  private failedAt = Number.NEGATIVE_INFINITY;
  private lastFailure: IdentityProviderUnavailableError | undefined;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.settings = config.oidc;
  }

  /** @throws IdentityProviderUnavailableError when the document cannot be read or is not the issuer's */
  discover(): Promise<IssuerMetadata> {
    const settings = this.settings;
    if (!settings) return Promise.reject(new IdentityProviderUnavailableError('OIDC_ISSUER is not set'));
    if (this.metadata) return this.metadata;
    if (this.lastFailure && Date.now() - this.failedAt < RETRY_AFTER_FAILURE_MS) {
      return Promise.reject(this.lastFailure);
    }
    this.metadata = fetchMetadata(settings.issuer).catch((error: unknown) => {
      this.metadata = undefined;
      this.failedAt = Date.now();
      this.lastFailure =
        error instanceof IdentityProviderUnavailableError
          ? error
          : new IdentityProviderUnavailableError(
              `The discovery document of ${settings.issuer} cannot be read`,
              {
                cause: error,
              },
            );
      throw this.lastFailure;
    });
    return this.metadata;
  }
}

async function fetchMetadata(issuer: string): Promise<IssuerMetadata> {
  const address = `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
  const answer = await fetch(address, {
    headers: { accept: 'application/json' },
    redirect: 'error',
    signal: AbortSignal.timeout(DISCOVERY_TIMEOUT_MS),
  });
  if (!answer.ok) throw new IdentityProviderUnavailableError(`${address} answered ${answer.status}`);
  const document = (await answer.json()) as Partial<IssuerMetadata> | null;
  // Discovery 1.0 §4.3: the document's issuer must be exactly the one it was fetched for.
  if (document?.issuer !== issuer) {
    throw new IdentityProviderUnavailableError(`${address} names another issuer than OIDC_ISSUER`);
  }
  if (typeof document.jwks_uri !== 'string' || !trustedKeySetUrl(document.jwks_uri, issuer)) {
    throw new IdentityProviderUnavailableError(
      `${address} has no jwks_uri, or one that is neither https nor on the (loopback) issuer's own origin`,
    );
  }
  return document as IssuerMetadata;
}

/** The key set must come over https, or from the issuer's own origin (an http issuer is on loopback). */
function trustedKeySetUrl(jwksUri: string, issuer: string): boolean {
  try {
    const keys = new URL(jwksUri);
    return keys.protocol === 'https:' || keys.origin === new URL(issuer).origin;
  } catch {
    return false;
  }
}
