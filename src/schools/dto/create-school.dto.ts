import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional } from 'class-validator';
import { SCHOOL_TYPES, SchoolType } from '../school.entity';
import { IsText, IsUai, normalizeUai, trimmedOrNull } from '../../common/validators';

export class CreateSchoolDto {
  @ApiProperty({ example: '0382460T', description: '7 digits and the check letter; lower case is accepted' })
  @Transform(normalizeUai)
  @IsUai()
  uai: string;

  @ApiProperty({ example: 'École primaire des Crêts' })
  @IsText({ max: 300 })
  name: string;

  @ApiProperty({ enum: SCHOOL_TYPES })
  @IsIn(SCHOOL_TYPES)
  type: SchoolType;

  @ApiProperty({ example: 'Crêts en Belledonne' })
  @IsText({ max: 200 })
  commune: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsText({ max: 200 })
  circonscription?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '0380002W', description: 'UAI of the collège of reference' })
  @IsOptional()
  @Transform(normalizeUai)
  @IsUai()
  referenceCollegeUai?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @Transform(trimmedOrNull)
  @IsText({ max: 500 })
  address?: string | null;
}
