import { IsString, Length } from 'class-validator';

/** POST /console/session */
export class SignInDto {
  /** An API token (API_KEYS); the answer's cookie stands for it on GET requests. */
  @IsString()
  @Length(1, 512)
  token!: string;
}
