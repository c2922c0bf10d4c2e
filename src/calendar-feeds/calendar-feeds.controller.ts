import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Post, Res } from '@nestjs/common';
import {
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiProduces,
  ApiTags,
} from '@nestjs/swagger';
import { Response } from 'express';
import { CurrentPrincipal, Principal, Public, RateLimit, SignedIn } from '../auth';
import { IdParams } from '../common/validators';
import { FEED_CONTENT_TYPE } from '../calendar/feed.writer';
import { CalendarFeedsService, FEED_REFRESH_MINUTES } from './calendar-feeds.service';
import { CalendarFeedResponse, IssuedCalendarFeedResponse } from './dto/calendar-feed.response';
import { CreateCalendarFeedDto } from './dto/create-calendar-feed.dto';

/**
 * Per feed rather than per address: Google's and Microsoft's fetchers poll from shared addresses.
 * A calendar polls every few minutes at most; a few devices on one URL stay well under the limit.
 */
export const FEED_LIMITS = {
  perIp: { limit: 20_000, windowSeconds: 15 * 60 },
  perFeed: { limit: 120, windowSeconds: 60 * 60 },
} as const;

@ApiTags('calendar feeds')
@Controller()
export class CalendarFeedsController {
  constructor(private readonly feeds: CalendarFeedsService) {}

  @Get('me/calendar-feeds')
  @SignedIn()
  @ApiOperation({ summary: 'My subscribable calendars (their addresses are shown only when made or replaced)' })
  @ApiOkResponse({ type: [CalendarFeedResponse] })
  list(@CurrentPrincipal() principal: Principal): Promise<CalendarFeedResponse[]> {
    return this.feeds.list(principal);
  }

  @Post('me/calendar-feeds')
  @SignedIn()
  @ApiOperation({ summary: 'Make a subscribable calendar: mine, or a committee’s or convention’s that I convene or act for' })
  @ApiCreatedResponse({ type: IssuedCalendarFeedResponse })
  @ApiForbiddenResponse({ description: 'code forbidden: a committee or convention calendar needs its convener or secretariat' })
  @ApiNotFoundResponse({ description: 'code committee_not_found or convention_not_found' })
  create(@CurrentPrincipal() principal: Principal, @Body() dto: CreateCalendarFeedDto): Promise<IssuedCalendarFeedResponse> {
    return this.feeds.create(principal, dto);
  }

  @Post('me/calendar-feeds/:id/rotate')
  @SignedIn()
  @HttpCode(200)
  @ApiOperation({ summary: 'Replace the calendar’s secret address; the old one stops working at once' })
  @ApiOkResponse({ type: IssuedCalendarFeedResponse })
  @ApiNotFoundResponse({ description: 'code calendar_feed_not_found' })
  rotate(@CurrentPrincipal() principal: Principal, @Param() params: IdParams): Promise<IssuedCalendarFeedResponse> {
    return this.feeds.rotate(principal, params.id);
  }

  @Delete('me/calendar-feeds/:id')
  @SignedIn()
  @HttpCode(204)
  @ApiOperation({ summary: 'Revoke the calendar: its address stops working at once' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ description: 'code calendar_feed_not_found' })
  revoke(@CurrentPrincipal() principal: Principal, @Param() params: IdParams): Promise<void> {
    return this.feeds.revoke(principal, params.id);
  }

  @Get('calendar-feeds/:file')
  @Public()
  @RateLimit({ perIp: FEED_LIMITS.perIp, perSubject: { ...FEED_LIMITS.perFeed, subject: (request) => feedToken(request.params.file) } })
  @ApiOperation({ summary: 'A subscribable calendar (iCalendar), by its secret address; answers 304 when the copy held is current' })
  @ApiProduces('text/calendar')
  @ApiOkResponse({ description: 'The calendar, with ETag and Last-Modified' })
  @ApiNotFoundResponse({ description: 'code calendar_feed_not_found: unknown, replaced or revoked' })
  @ApiForbiddenResponse({ description: 'code calendar_feed_forbidden: its owner no longer acts for that committee or convention' })
  async feed(
    @Param('file') file: string,
    @Headers('if-none-match') ifNoneMatch: string | undefined,
    @Headers('if-modified-since') ifModifiedSince: string | undefined,
    @Res() response: Response,
  ): Promise<void> {
    const answer = await this.feeds.serve(feedToken(file) ?? '', ifNoneMatch, ifModifiedSince);
    response.setHeader('ETag', answer.etag);
    response.setHeader('Last-Modified', answer.lastModified.toUTCString());
    response.setHeader('Cache-Control', `private, max-age=${FEED_REFRESH_MINUTES * 60}`);
    response.setHeader('X-Robots-Tag', 'noindex');
    if (answer.status === 304) {
      response.status(304).end();
      return;
    }
    response.status(200).type(FEED_CONTENT_TYPE).setHeader('Content-Disposition', 'inline; filename="copil.ics"');
    response.send(answer.body);
  }
}

/** `copilcal_….ics` → the secret; anything else → null (a 404 by the service). */
function feedToken(file: unknown): string | null {
  return typeof file === 'string' && file.endsWith('.ics') ? file.slice(0, -'.ics'.length) : null;
}
