import IORedis from 'ioredis';
import { createTestApp } from './support/test-app';
import { redisUrl } from './support/database-urls';

describe('the test harness', () => {
  it('leaves no key in the shared Redis under a test app’s prefix once the app is closed', async () => {
    const t = await createTestApp({ auth: true });
    const redis = new IORedis(redisUrl());
    try {
      // A rate-limited route writes counters under the app's prefix.
      await t.http().post('/auth/sign-in').send({ email: 'harnais@example.fr' }).expect(202);
      const pattern = `${t.config.queuePrefix}:*`;
      expect((await redis.keys(pattern)).length).toBeGreaterThan(0);
      await t.close();
      expect(await redis.keys(pattern)).toEqual([]);
    } finally {
      redis.disconnect();
    }
  });
});
