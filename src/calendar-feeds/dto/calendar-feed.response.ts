import { ApiProperty } from '@nestjs/swagger';
import { FEED_SCOPES, FeedScope } from '../calendar-feed.entity';

export class CalendarFeedResponse {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: FEED_SCOPES })
  scope: FeedScope;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  committeeId: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  conventionId: string | null;

  @ApiProperty({ format: 'date-time' })
  createdAt: string;

  @ApiProperty({ format: 'date-time', nullable: true, type: String })
  rotatedAt: string | null;
}

/** Given once, when the feed is made or its address replaced: only a hash of the secret is kept. */
export class IssuedCalendarFeedResponse extends CalendarFeedResponse {
  @ApiProperty({ example: 'https://copil.example.fr/calendar-feeds/copilcal_…ics' })
  url: string;

  @ApiProperty({ example: 'webcal://copil.example.fr/calendar-feeds/copilcal_…ics' })
  webcalUrl: string;
}
