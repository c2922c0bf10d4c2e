import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length } from 'class-validator';

/** The signed token of an answer link; its signature is checked by the service. */
export class TokenParams {
  @ApiProperty({ description: 'The token of the link sent in the convocation' })
  @IsString()
  @Length(1, 200)
  token: string;
}
