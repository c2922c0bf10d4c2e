import { ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { MEETING_STATES, MeetingState } from '../meeting.entity';
import { IsLocalDate } from '../../common/validators';

export class ListMeetingsQuery {
  @ApiPropertyOptional({ format: 'date', description: "First local day (convention's zone), inclusive" })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last local day, inclusive' })
  @IsOptional()
  @IsLocalDate()
  to?: string;

  @ApiPropertyOptional({ enum: MEETING_STATES })
  @IsOptional()
  @IsIn(MEETING_STATES)
  state?: MeetingState;
}
