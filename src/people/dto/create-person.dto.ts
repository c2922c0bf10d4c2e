import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsOptional } from 'class-validator';
import { IsText, trimmed, trimmedOrNull } from '../../common/validators';

/** Addresses are compared lower-cased: one person, one address. */
export function lowerCasedEmail({ value }: { value: unknown }): unknown {
  return typeof value === 'string' ? value.trim().toLowerCase() : value;
}

export class CreatePersonDto {
  @ApiProperty({ example: 'Anne Martin' })
  @Transform(trimmed)
  @IsText({ max: 200 })
  fullName: string;

  @ApiProperty({ example: 'anne.martin@ac-grenoble.fr', description: 'Stored lower-cased; unique' })
  @Transform(lowerCasedEmail)
  @IsEmail()
  email: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'IEN de la circonscription de Grenoble 4' })
  @IsOptional()
  @Transform(trimmedOrNull)
  @IsText({ max: 300 })
  title?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'Académie de Grenoble' })
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
