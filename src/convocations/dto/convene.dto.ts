import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional } from 'class-validator';
import { IsSendTime } from '../../meetings/dto/meeting-validators';

export class ConveneDto {
  @ApiPropertyOptional({
    example: '2025-03-14T08:00',
    description:
      "When the convocations leave: a wall-clock time of the convention's zone, or an instant with its offset. " +
      'Now when absent; a later time must still leave the committee’s notice before the meeting.',
  })
  @IsOptional()
  @IsSendTime()
  sendAt?: string;
}
