import { Controller, Get, HttpCode, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { Response } from 'express';
import { Public } from '../auth';
import { OUTAGE_RETRY_AFTER_SECONDS } from '../database/database-outage';
import { ServiceProbes } from './service-probes';

export class HealthResponse {
  @ApiProperty({ enum: ['ok', 'degraded', 'unavailable'], description: 'ok: all up; degraded: Redis down (the API serves, sending waits); unavailable: PostgreSQL down' })
  status: 'ok' | 'degraded' | 'unavailable';

  @ApiProperty({ enum: ['up', 'down'] })
  database: 'up' | 'down';

  @ApiProperty({ enum: ['up', 'down'] })
  redis: 'up' | 'down';
}

@ApiTags('health')
@Public()
@Controller('health')
export class HealthController {
  constructor(private readonly probes: ServiceProbes) {}

  /**
   * 200 while the API can serve, which needs PostgreSQL only: with Redis down, requests are still
   * answered and written, the outbox waits for the reconciler to hand its rows to the queue.
   */
  @Get()
  @HttpCode(200)
  @ApiOperation({ summary: 'Whether PostgreSQL and Redis answer; 503 with Retry-After while PostgreSQL does not' })
  @ApiOkResponse({ type: HealthResponse })
  @ApiServiceUnavailableResponse({ type: HealthResponse, description: 'PostgreSQL does not answer' })
  async check(@Res({ passthrough: true }) response: Response): Promise<HealthResponse> {
    const [database, redis] = await Promise.all([this.probes.database(), this.probes.redisState()]);
    if (database === 'down') {
      response.status(503).setHeader('Retry-After', String(OUTAGE_RETRY_AFTER_SECONDS));
      return { status: 'unavailable', database, redis };
    }
    return { status: redis === 'up' ? 'ok' : 'degraded', database, redis };
  }
}
