import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsMeetingTime, IsSendTime } from './meeting-validators';

/** The second sitting after a failed quorum: on the day copil proposes, at the first sitting's hours, unless told otherwise. */
export class ReconveneDto {
  @ApiPropertyOptional({ example: '2025-11-12T17:30', description: "Wall-clock time of the convention's zone (or an instant with its offset); the proposed day at the first sitting's hours when absent" })
  @IsOptional()
  @IsMeetingTime()
  start?: string;

  @ApiPropertyOptional({ example: '2025-11-12T19:30', description: 'Required with start' })
  @IsOptional()
  @IsMeetingTime()
  end?: string;

  @ApiPropertyOptional({ example: '2025-11-05T08:00', description: 'When the convocation will leave; now when absent' })
  @IsOptional()
  @IsSendTime()
  convocationAt?: string;
}
