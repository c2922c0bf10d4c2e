import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';
import { IsInstant, IsMeetingTime } from './meeting-validators';

export class RescheduleMeetingDto {
  @ApiProperty({ example: '2025-04-07T09:00' })
  @IsMeetingTime()
  start: string;

  @ApiProperty({ example: '2025-04-07T11:00' })
  @IsMeetingTime()
  end: string;

  @ApiPropertyOptional({ description: 'When the updated convocation will leave; now when absent' })
  @IsOptional()
  @IsInstant()
  convocationAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
