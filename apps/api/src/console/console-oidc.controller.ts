import { Controller, Get, NotFoundException, Req, Res } from '@nestjs/common';
import { Inject } from '@nestjs/common';
import { ApiExcludeEndpoint, ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { Public } from '../auth/allow.decorator';
import { ConsoleSessions } from '../auth/console-sessions';
import { OidcConsoleSignIn, TooManySignInsError, type SignInFailure } from '../auth/oidc-console-sign-in';
import { IdentityProviderUnavailableError } from '../auth/oidc-issuer';
import { sessionSetCookie } from '../auth/session-cookie';
import { flowClearCookies, flowCookie, flowSetCookie } from '../auth/sign-in-flow-cookie';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator';
import { ConsoleIdentityProvider } from './dto/identity-provider.response';

export const SIGN_IN_PATH = '/console/sign-in';

/**
 * The console's sign-in through the issuer (docs/http-api.md, Authentication): GET
 * /console/sign-in sends the browser to the issuer (authorization code flow with PKCE), which
 * sends it back to PUBLIC_URL/console/callback; that opens the same session, with the same
 * cookie, as POST /console/session, and sends the browser on to the console. A failure sends it
 * to the console with `?sign_in_error=failed|no-role|unavailable`, which the page explains.
 */
@ApiTags('console')
@Controller('console')
export class ConsoleOidcController {
  constructor(
    private readonly signIn: OidcConsoleSignIn,
    private readonly sessions: ConsoleSessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Get('identity-provider')
  @Public()
  @ApiEndpoint({
    summary: 'Whether the console can sign in through the identity provider, and where that starts',
    type: ConsoleIdentityProvider,
  })
  identityProvider(): ConsoleIdentityProvider {
    const issuer = this.signIn.issuerUrl ?? null;
    return { issuer, signInPath: issuer === null ? null : SIGN_IN_PATH };
  }

  /** Browser navigations, not API calls: left out of the OpenAPI document. */
  @Get('sign-in')
  @Public()
  @ApiExcludeEndpoint()
  async start(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (this.signIn.issuerUrl === undefined) throw new NotFoundException('OIDC_CLIENT_ID is not set');
    try {
      const { flowId, authorizationUrl } = await this.signIn.start();
      await reply
        .header('set-cookie', flowSetCookie(flowId, this.secure(request)))
        .header('cache-control', 'no-store')
        .redirect(authorizationUrl, 303);
    } catch (error) {
      if (error instanceof TooManySignInsError) {
        await reply
          .status(429)
          .header('retry-after', String(error.retryAfterSeconds))
          .header('cache-control', 'no-store')
          .send({
            statusCode: 429,
            error: 'Too Many Requests',
            message: 'Too many sign-ins are in progress: try again in a minute.',
          });
        return;
      }
      if (!(error instanceof IdentityProviderUnavailableError)) throw error;
      await this.backToConsole(reply, 'unavailable');
    }
  }

  @Get('callback')
  @Public()
  @ApiExcludeEndpoint()
  async callback(@Req() request: FastifyRequest, @Res() reply: FastifyReply): Promise<void> {
    if (this.signIn.issuerUrl === undefined) throw new NotFoundException('OIDC_CLIENT_ID is not set');
    const query = request.url.includes('?') ? request.url.slice(request.url.indexOf('?')) : '';
    const outcome = await this.signIn.finish(flowCookie(request.headers), query);
    if ('failure' in outcome) return this.backToConsole(reply, outcome.failure);
    const session = await this.sessions.openFor(outcome.actor);
    await reply
      .header('set-cookie', [
        ...flowClearCookies(),
        sessionSetCookie(session.sessionId, this.secure(request)),
      ])
      .header('cache-control', 'no-store')
      .redirect(this.consoleUrl(), 303);
  }

  private async backToConsole(reply: FastifyReply, failure: SignInFailure): Promise<void> {
    await reply
      .header('set-cookie', flowClearCookies())
      .header('cache-control', 'no-store')
      .redirect(`${this.consoleUrl()}?sign_in_error=${failure}`, 303);
  }

  /** PUBLIC_URL/console/: where the redirect URI's console is. */
  private consoleUrl(): string {
    return new URL('./', this.config.oidc?.console?.redirectUri ?? 'http://localhost/console/').href;
  }

  /** As for the session cookie: over https (directly or through a TRUST_PROXY proxy) or COOKIE_SECURE=true. */
  private secure(request: FastifyRequest): boolean {
    return this.config.cookieSecure || request.protocol === 'https';
  }
}
