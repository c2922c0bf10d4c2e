import IORedis from 'ioredis';
import { AppConfig } from '../../src/config/app-config';

/**
 * Deletes every key of this test app's queue prefix, and only those: the Redis is shared by every
 * test file running at the same time. Used to empty "Redis" under a running worker, and to clean up.
 */
export async function deleteQueueKeys(config: AppConfig): Promise<number> {
  const redis = new IORedis(config.redisUrl, { maxRetriesPerRequest: 1 });
  try {
    let deleted = 0;
    let cursor = '0';
    do {
      const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.queuePrefix}:*`, 'COUNT', 1000);
      cursor = next;
      if (keys.length > 0) deleted += await redis.del(...keys);
    } while (cursor !== '0');
    return deleted;
  } finally {
    redis.disconnect();
  }
}
