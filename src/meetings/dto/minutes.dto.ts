import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { DecisionDto } from './decision.dto';
import { IsMultiLine, normalizedLineBreaks } from '../../common/validators';

/** Replaces the minutes and the decisions of a held meeting. */
export class MinutesDto {
  @ApiProperty({ description: 'Compte rendu / procès-verbal' })
  @Transform(normalizedLineBreaks)
  @IsString()
  @IsMultiLine()
  @MaxLength(200000)
  minutes: string;

  @ApiProperty({ type: () => [DecisionDto] })
  @IsArray()
  @ArrayMaxSize(200)
  @ValidateNested({ each: true })
  @Type(() => DecisionDto)
  decisions: DecisionDto[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
