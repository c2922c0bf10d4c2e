import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail } from 'class-validator';
import { lowerCasedEmail } from './create-person.dto';

export class CorrectEmailDto {
  @ApiProperty({ description: 'The new address, stored lower-cased; unique', example: 'anne.martin@ac-grenoble.fr' })
  @Transform(lowerCasedEmail)
  @IsEmail()
  email: string;
}
