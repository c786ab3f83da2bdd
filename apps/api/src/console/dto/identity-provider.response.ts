import { ApiProperty } from '@nestjs/swagger';

/** GET /console/identity-provider: whether the sign-in page offers "Sign in with <issuer>". */
export class ConsoleIdentityProvider {
  @ApiProperty({
    type: String,
    nullable: true,
    description: 'OIDC_ISSUER when the console can sign in through it (OIDC_CLIENT_ID set), else null',
  })
  issuer!: string | null;
  @ApiProperty({
    type: String,
    nullable: true,
    example: '/console/sign-in',
    description: 'where the sign-in through the issuer starts (a page to navigate to), else null',
  })
  signInPath!: string | null;
}
