import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { API_KEY_ROLES } from '@cl/config';

/** GET /console/session: who is signed in, and what the console's forms offer. */
export class ConsoleIdentity {
  @ApiProperty({ enum: API_KEY_ROLES, description: 'the role of the signed-in token' }) role!: string;
  @ApiProperty({ description: 'the actor id of the signed-in token' }) actorId!: string;
  @ApiPropertyOptional({ description: "the signed-in person's name, where the identity provider gives one" })
  actorName?: string;
  @ApiPropertyOptional({
    enum: ['api-key', 'oidc'],
    description: 'how they signed in: an API key or OpenID Connect',
  })
  via?: string;
  @ApiProperty({
    type: 'integer',
    isArray: true,
    minimum: 1,
    description: 'the repurchase windows (days) the funnel accepts (REPURCHASE_WINDOWS)',
  })
  repurchaseWindows!: number[];
}

/** POST /console/session: the session opened; its id is only in the HttpOnly cookie. */
export class ConsoleSession extends ConsoleIdentity {
  @ApiProperty({
    format: 'date-time',
    description:
      'the latest the session lasts, 8 h after sign-in; it ends sooner after CONSOLE_SESSION_IDLE_MINUTES without a request',
  })
  expiresAt!: string;
}
