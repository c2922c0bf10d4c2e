import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { DatabaseModule } from './database/database.module';
import { ClockModule } from './common/clock';
import { ConvocationsWorkerModule } from './convocations/convocations-worker.module';
import { ComplianceWorkerModule } from './compliance/compliance-worker.module';

/** The worker process: queue processors and recurring jobs, no HTTP. */
@Module({})
export class WorkerModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: WorkerModule,
      imports: [ConfigModule.forRoot(config), DatabaseModule.forRoot(config), ClockModule, ConvocationsWorkerModule, ComplianceWorkerModule],
    };
  }
}
