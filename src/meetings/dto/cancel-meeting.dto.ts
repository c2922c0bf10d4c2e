import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsNotEmpty, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { IsMultiLine, normalizedLineBreaks, trimmed } from '../../common/validators';

export class CancelMeetingDto {
  @ApiProperty({ example: 'Absence de plusieurs signataires' })
  @Transform(trimmed)
  @Transform(normalizedLineBreaks)
  @IsString()
  @IsMultiLine()
  @IsNotEmpty()
  @MaxLength(2000)
  reason: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
