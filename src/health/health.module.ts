import { Module } from '@nestjs/common';
import { HealthController } from './health.controller';
import { ServiceProbes } from './service-probes';

@Module({
  controllers: [HealthController],
  providers: [ServiceProbes],
})
export class HealthModule {}
