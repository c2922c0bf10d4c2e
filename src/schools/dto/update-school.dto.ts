import { ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, ValidateIf } from 'class-validator';
import { SCHOOL_TYPES, SchoolType } from '../school.entity';
import { IsText, IsUai, normalizeUai, trimmedOrNull } from '../../common/validators';

/** The UAI names the school and is not changed here; null clears an optional field. */
export class UpdateSchoolDto {
  @ApiPropertyOptional()
  @ValidateIf((dto: UpdateSchoolDto) => dto.name !== undefined)
  @IsText({ max: 300 })
  name?: string;

  @ApiPropertyOptional({ enum: SCHOOL_TYPES })
  @ValidateIf((dto: UpdateSchoolDto) => dto.type !== undefined)
  @IsIn(SCHOOL_TYPES)
  type?: SchoolType;

  @ApiPropertyOptional()
  @ValidateIf((dto: UpdateSchoolDto) => dto.commune !== undefined)
  @IsText({ max: 200 })
  commune?: string;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsText({ max: 200 })
  circonscription?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
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
