import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional } from 'class-validator';
import { lowerCasedEmail } from './create-person.dto';
import { IsText } from '../../common/validators';

export class ListPeopleQuery {
  @ApiPropertyOptional({ description: 'Part of the name, email or organization, ignoring case and accents' })
  @IsOptional()
  @IsText({ max: 200 })
  q?: string;

  @ApiPropertyOptional({ description: 'Exact email address, any case' })
  @IsOptional()
  @Transform(lowerCasedEmail)
  @IsEmail()
  email?: string;
}
