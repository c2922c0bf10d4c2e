import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { MEETING_STATES, MeetingState } from '../meeting.entity';
import { IsLocalDate, MAX_PAGE } from '../../common/validators';

export const MAX_MEETINGS_PAGE_SIZE = 200;

/** GET /meetings: meetings across committees, within what the caller may read. */
export class SearchMeetingsQuery {
  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('loose')
  conventionId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID('loose')
  committeeId?: string;

  @ApiPropertyOptional({ enum: MEETING_STATES })
  @IsOptional()
  @IsIn(MEETING_STATES)
  state?: MeetingState;

  @ApiPropertyOptional({ enum: ['true', 'false'], description: 'true: convened (convocations sent or planned); false: not yet' })
  @IsOptional()
  @IsIn(['true', 'false'])
  convened?: 'true' | 'false';

  @ApiPropertyOptional({ format: 'date', description: "First local day, inclusive, in each meeting's convention zone" })
  @IsOptional()
  @IsLocalDate()
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Last local day, inclusive' })
  @IsOptional()
  @IsLocalDate()
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE, default: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE)
  page?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_MEETINGS_PAGE_SIZE, default: 50 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_MEETINGS_PAGE_SIZE)
  pageSize?: number;
}
