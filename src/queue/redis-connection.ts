import IORedis, { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';

/**
 * BullMQ needs maxRetriesPerRequest: null on the connections its workers block on; the
 * same options are fine for queues, so one factory serves both.
 */
export function createRedisConnection(config: AppConfig): Redis {
  return new IORedis(config.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}
