import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ResponseCacheModule } from './database/response-cache.module';
import { ClockModule } from './common/clock';
import { HttpExceptionFilter } from './common/http-exception.filter';
import { HealthModule } from './health/health.module';
import { ConventionsModule } from './conventions/conventions.module';
import { SchoolsModule } from './schools/schools.module';
import { CommitteesModule } from './committees/committees.module';
import { PeopleModule } from './people/people.module';
import { DefinitionsModule } from './definitions/definitions.module';
import { MeetingsModule } from './meetings/meetings.module';
import { ComplianceModule } from './compliance/compliance.module';
import { PlanningModule } from './planning/planning.module';
import { ConvocationsModule } from './convocations/convocations.module';
import { AuthModule } from './auth/auth.module';
import { WebModule } from './web/web.module';
import { CalendarFeedsModule } from './calendar-feeds/calendar-feeds.module';

/** The API process. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        DatabaseModule.forRoot(config),
        ResponseCacheModule,
        ClockModule,
        AuthModule,
        ConventionsModule,
        SchoolsModule,
        CommitteesModule,
        PeopleModule,
        DefinitionsModule,
        MeetingsModule,
        ComplianceModule,
        PlanningModule,
        ConvocationsModule,
        WebModule,
        CalendarFeedsModule,
        HealthModule,
      ],
      providers: [{ provide: APP_FILTER, useClass: HttpExceptionFilter }],
    };
  }
}
