import { ApiProperty } from '@nestjs/swagger';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';

export class SignInRequestDto {
  @ApiProperty({ example: 'claire.martin@ac-guyane.fr' })
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(320)
  email: string;
}

export class SignInAcceptedResponse {
  @ApiProperty({ example: 'accepted' })
  status: 'accepted';

  @ApiProperty()
  message: string;
}

/** The same answer whatever the address: it must not tell whether an account exists. */
export const SIGN_IN_ACCEPTED: SignInAcceptedResponse = {
  status: 'accepted',
  message: 'If this address belongs to an active account, a sign-in link has been sent to it.',
};

export class SessionTokenDto {
  @ApiProperty({ description: 'The token of the sign-in link' })
  @IsString()
  @Length(20, 200)
  token: string;
}

export class SessionPersonResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  fullName: string;

  @ApiProperty()
  email: string;
}

export class SessionResponse {
  @ApiProperty({ description: 'Bearer token of the session; also set as the HttpOnly cookie copil_session' })
  token: string;

  @ApiProperty({ format: 'date-time' })
  expiresAt: string;

  @ApiProperty({ type: () => SessionPersonResponse })
  person: SessionPersonResponse;
}
