import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional, ValidateIf } from 'class-validator';
import { lowerCasedEmail } from './create-person.dto';
import { IsText, trimmed, trimmedOrNull } from '../../common/validators';

/** Absent fields stay as they are; null clears an optional one. */
export class UpdatePersonDto {
  @ApiPropertyOptional()
  @ValidateIf((dto: UpdatePersonDto) => dto.fullName !== undefined)
  @Transform(trimmed)
  @IsText({ max: 200 })
  fullName?: string;

  @ApiPropertyOptional({ description: 'Stored lower-cased; unique' })
  @ValidateIf((dto: UpdatePersonDto) => dto.email !== undefined)
  @Transform(lowerCasedEmail)
  @IsEmail()
  email?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(trimmedOrNull)
  @IsText({ max: 300 })
  title?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(trimmedOrNull)
  @IsText({ max: 300 })
  organization?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(trimmedOrNull)
  @IsText({ max: 50 })
  phone?: string | null;
}
