import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsNotEmpty, IsOptional, IsString, MaxLength } from 'class-validator';
import { IsMultiLine, IsSingleLine, normalizedLineBreaks, trimmed } from '../../common/validators';

export class DecisionDto {
  @ApiProperty({ example: 'Validation du programme annuel' })
  @Transform(trimmed)
  @IsString()
  @IsSingleLine()
  @IsNotEmpty()
  @MaxLength(500)
  title: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(normalizedLineBreaks)
  @IsString()
  @IsMultiLine()
  @MaxLength(10000)
  description?: string;
}
