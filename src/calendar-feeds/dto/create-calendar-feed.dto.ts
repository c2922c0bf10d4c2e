import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { FEED_SCOPES, FeedScope } from '../calendar-feed.entity';

export class CreateCalendarFeedDto {
  @ApiProperty({ enum: FEED_SCOPES, description: 'person: my meetings; committee or convention: for its conveners and secretariat' })
  @IsIn(FEED_SCOPES)
  scope: FeedScope;

  @ApiPropertyOptional({ format: 'uuid', description: 'With scope committee' })
  @IsOptional()
  @IsUUID('loose')
  committeeId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'With scope convention' })
  @IsOptional()
  @IsUUID('loose')
  conventionId?: string;
}

