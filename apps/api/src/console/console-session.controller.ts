import {
  Body,
  Controller,
  Delete,
  Get,
  HttpCode,
  Inject,
  Post,
  Req,
  Res,
  UnauthorizedException,
} from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Actor } from '@cl/commands';
import { APP_CONFIG, type AppConfig } from '@cl/config';
import { Allow, Public } from '../auth/allow.decorator';
import type { AuthenticatedRequest } from '../auth/auth.guard';
import { ConsoleSessions } from '../auth/console-sessions';
import { ApiEndpoint } from '../openapi/api-endpoint.decorator';
import { sessionClearCookies, sessionCookie, sessionSetCookie } from '../auth/session-cookie';
import { ConsoleIdentity, ConsoleSession } from './dto/console-session.response';
import { SignInDto } from './dto/sign-in.dto';

/**
 * The console's sign-in (docs/http-api.md, Operations): POST trades a token for an HttpOnly,
 * SameSite=Strict cookie that GET requests accept beside the Bearer header; DELETE signs out.
 * GET tells the page who is signed in (added here: the spec is silent; the page needs the role
 * to say which views it may show).
 */
@ApiTags('console')
@Controller('console/session')
export class ConsoleSessionController {
  constructor(
    private readonly sessions: ConsoleSessions,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Post()
  @HttpCode(200)
  @Public()
  @ApiEndpoint({
    summary: 'Sign in to the console: trade a token for an HttpOnly session cookie',
    description: 'Needs no Authorization header: the token is in the body; 401 when it is not known.',
    type: ConsoleSession,
    errors: [400, 401, 413, 415],
  })
  async signIn(
    @Body() dto: SignInDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<ConsoleSession> {
    const session = await this.sessions.open(dto.token);
    if (!session) throw new UnauthorizedException('This token is not known: check it and sign in again');
    reply.header('set-cookie', sessionSetCookie(session.sessionId, this.secure(request)));
    reply.header('cache-control', 'no-store');
    return { ...identityOf(session.actor), expiresAt: session.expiresAt, ...this.settings() };
  }

  @Get()
  @Allow('agent', 'analyst', 'auditor', 'integrator')
  @ApiEndpoint({
    summary: 'Who is signed in to the console (by cookie or bearer token)',
    type: ConsoleIdentity,
  })
  whoAmI(@Req() request: AuthenticatedRequest): ConsoleIdentity {
    return { ...identityOf(request.actor), ...this.settings() };
  }

  @Delete()
  @HttpCode(204)
  @Public()
  @ApiEndpoint({
    summary: 'Sign out of the console: ends the session and clears its cookie',
    description: 'Needs no token: signing out without a session only clears the cookie.',
    status: 204,
    type: null,
  })
  async signOut(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply) {
    const session = sessionCookie(request.headers);
    if (session !== undefined) await this.sessions.close(session);
    reply.header('set-cookie', sessionClearCookies());
  }

  /**
   * Whether the cookie is the Secure `__Host-` one: over https, which Fastify reads from
   * X-Forwarded-Proto only when the connection comes from a TRUST_PROXY address, or always
   * under COOKIE_SECURE=true.
   */
  private secure(request: FastifyRequest): boolean {
    return this.config.cookieSecure || request.protocol === 'https';
  }

  /** What the page's forms offer: the repurchase windows the funnel accepts. */
  private settings() {
    return { repurchaseWindows: this.config.repurchaseWindows };
  }
}

/** Who is signed in, as the page shows it: role, id, and name and how they signed in when known. */
function identityOf(actor: Actor): Pick<ConsoleIdentity, 'role' | 'actorId' | 'actorName' | 'via'> {
  return {
    role: actor.role,
    actorId: actor.id,
    ...(actor.name === undefined ? {} : { actorName: actor.name }),
    ...(actor.via === undefined ? {} : { via: actor.via }),
  };
}
