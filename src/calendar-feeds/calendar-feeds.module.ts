import { Module } from '@nestjs/common';
import { CalendarFeedsController } from './calendar-feeds.controller';
import { CalendarFeedsService } from './calendar-feeds.service';

/** Subscribable calendars: per person, per committee, per convention (docs/calendar-feeds.md). */
@Module({
  controllers: [CalendarFeedsController],
  providers: [CalendarFeedsService],
  exports: [CalendarFeedsService],
})
export class CalendarFeedsModule {}
