import IORedis, { Redis } from 'ioredis';
import { AppConfig } from '../config/app-config';

/**
 * BullMQ needs maxRetriesPerRequest: null on the connections its workers block on; the
 * same options are fine for queues, so one factory serves both.
 */
export function createRedisConnection(config: AppConfig): Redis {
  return new IORedis(config.redisUrl, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: false });
}

/**
 * For adding jobs from an HTTP request: while Redis is unreachable a command fails at once
 * instead of waiting in ioredis' offline queue, so the request goes on and the reconciler hands
 * the rows to the queue later.
 */
export function createProducerConnection(config: AppConfig): Redis {
  return new IORedis(config.redisUrl, {
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    enableReadyCheck: true,
    lazyConnect: false,
    connectTimeout: 2000,
  });
}

/**
 * For the rate limiter, which must never hold a request up: while Redis is unreachable a command
 * fails at once (no offline queue, no retry), and one that Redis accepts but does not answer fails
 * after `commandTimeoutMs`. The caller then lets the request through uncounted.
 */
export function createFailFastConnection(config: AppConfig, commandTimeoutMs: number): Redis {
  const redis = new IORedis(config.redisUrl, {
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    enableReadyCheck: true,
    lazyConnect: false,
    connectTimeout: commandTimeoutMs,
    commandTimeout: commandTimeoutMs,
  });
  // Each refused command is reported by its caller; the connection's own errors would only repeat them.
  redis.on('error', () => undefined);
  return redis;
}
