import { ApiProperty } from '@nestjs/swagger';
import { MeetingResponse } from './meeting.response';

export class MeetingPageResponse {
  @ApiProperty({ type: () => [MeetingResponse], description: 'By start, earliest first' })
  items: MeetingResponse[];

  @ApiProperty()
  page: number;

  @ApiProperty()
  pageSize: number;

  @ApiProperty({ description: 'Meetings over all pages' })
  total: number;
}
