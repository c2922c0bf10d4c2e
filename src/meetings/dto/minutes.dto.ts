import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsInt, IsOptional, IsString, MaxLength, Min, ValidateNested } from 'class-validator';
import { DecisionDto } from './decision.dto';

/** Replaces the minutes and the decisions of a held meeting. */
export class MinutesDto {
  @ApiProperty({ description: 'Compte rendu / procès-verbal' })
  @IsString()
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
