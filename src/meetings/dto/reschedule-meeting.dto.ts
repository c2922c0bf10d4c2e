import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsInt, IsOptional, Min } from 'class-validator';
import { IsMeetingTime, IsSendTime } from './meeting-validators';

export class RescheduleMeetingDto {
  @ApiProperty({ example: '2025-04-07T09:00' })
  @IsMeetingTime()
  start: string;

  @ApiProperty({ example: '2025-04-07T11:00' })
  @IsMeetingTime()
  end: string;

  @ApiPropertyOptional({
    example: '2025-03-31T08:00',
    description: "When the updated convocation will leave, like start: a wall-clock time of the convention's zone, or an instant with its offset; now when absent",
  })
  @IsOptional()
  @IsSendTime()
  convocationAt?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsInt()
  @Min(1)
  version?: number;
}
