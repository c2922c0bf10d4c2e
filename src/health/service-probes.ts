import { Inject, Injectable, OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { createFailFastConnection } from '../queue/redis-connection';

export type ServiceState = 'up' | 'down';

/** How long a probe may wait: /health answers within a few seconds even when a server hangs. */
const PROBE_TIMEOUT_MS = 2000;

/**
 * Asks PostgreSQL and Redis, each in the simplest way, whether they answer now. The Redis probe
 * has its own fail-fast connection: a Redis down never holds /health up.
 */
@Injectable()
export class ServiceProbes implements OnApplicationShutdown {
  private readonly redis: Redis;

  constructor(
    private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.redis = createFailFastConnection(config, PROBE_TIMEOUT_MS);
  }

  async database(): Promise<ServiceState> {
    return probe(() => this.dataSource.query('SELECT 1'));
  }

  async redisState(): Promise<ServiceState> {
    return probe(() => this.redis.ping());
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

async function probe(ask: () => Promise<unknown>): Promise<ServiceState> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<ServiceState>((resolve) => {
    timer = setTimeout(() => resolve('down'), PROBE_TIMEOUT_MS);
  });
  try {
    return await Promise.race([ask().then((): ServiceState => 'up', (): ServiceState => 'down'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
