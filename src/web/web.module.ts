import { MiddlewareConsumer, Module, NestModule, RequestMethod } from '@nestjs/common';
import { CalendarFeedsModule } from '../calendar-feeds/calendar-feeds.module';
import { CommitteesModule } from '../committees/committees.module';
import { DashboardModule } from '../dashboard/dashboard.module';
import { PeopleModule } from '../people/people.module';
import { ConventionsModule } from '../conventions/conventions.module';
import { MeetingsModule } from '../meetings/meetings.module';
import { TemplatesModule } from '../templates/templates.module';
import { AssetsController } from './assets.controller';
import { HomePageController } from './home.page.controller';
import { CommitteesPageController } from './committees.page.controller';
import { MeetingSchedulePageController } from './meeting-schedule.page.controller';
import { MeetingsPageController } from './meetings.page.controller';
import { MembersPageController } from './members.page.controller';
import { PeoplePageController } from './people.page.controller';
import { AccountsPageController } from './accounts.page.controller';
import { MyMeetingsPageController } from './my-meetings.page.controller';
import { CalendarFeedsPageController } from './calendar-feeds.page.controller';
import { OverviewPageController } from './overview.page.controller';
import { ConventionsPageController, definitionUpload } from './conventions.page.controller';
import { AuditPageController } from './audit.page.controller';
import { CalendarPageController } from './calendar.page.controller';
import { MailSupervisionPageController } from './mail-supervision.page.controller';
import { Csrf, CsrfGuard } from './csrf';
import { SignInPageController } from './sign-in.page.controller';
import { WebExceptionFilter } from './web-exception.filter';
import { WebPage } from './web-page';
import { BROWSER_ERROR_PAGE } from '../common/http-exception.filter';

/**
 * The French web interface: page controllers, one per area, thin over the same services and the
 * same access policy as the API (src/auth). Templates in templates/pages, assets in public/.
 */
@Module({
  imports: [DashboardModule, MeetingsModule, TemplatesModule, CommitteesModule, ConventionsModule, PeopleModule, CalendarFeedsModule],
  controllers: [
    AssetsController,
    SignInPageController,
    HomePageController,
    CommitteesPageController,
    MeetingSchedulePageController,
    MeetingsPageController,
    MyMeetingsPageController,
    OverviewPageController,
    MembersPageController,
    ConventionsPageController,
    AuditPageController,
    CalendarFeedsPageController,
    CalendarPageController,
    MailSupervisionPageController,
    PeoplePageController,
    AccountsPageController,
  ],
  providers: [Csrf, CsrfGuard, WebPage, WebExceptionFilter, { provide: BROWSER_ERROR_PAGE, useExisting: WebExceptionFilter }],
  // The global filter (common/http-exception.filter.ts) hands it the addresses no route answers.
  exports: [BROWSER_ERROR_PAGE],
})
export class WebModule implements NestModule {
  configure(consumer: MiddlewareConsumer): void {
    // The definition upload is multipart: read before the guards, which check its CSRF token.
    consumer.apply(definitionUpload()).forRoutes({ path: 'suivi/conventions/:reference/apercu', method: RequestMethod.POST });
  }
}
