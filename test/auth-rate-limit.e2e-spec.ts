import { randomBytes } from 'node:crypto';
import { AddressInfo, createServer, Socket } from 'node:net';
import { Controller, Get, Module, Param } from '@nestjs/common';
import IORedis from 'ioredis';
import { Public } from '../src/auth/permission.decorator';
import { ANSWER_LINK_LIMITS, AnswerLinkRateLimit, RATE_LIMIT_REDIS, RATE_LIMIT_REDIS_TIMEOUT_MS, RedisThrottlerStorage, SIGN_IN_LIMITS } from '../src/auth/rate-limit';
import { createFailFastConnection } from '../src/queue/redis-connection';
import { loadConfig } from '../src/config/app-config';
import { createTestApp, TestApp } from './support/test-app';
import { redisUrl } from './support/database-urls';

@Controller('rate-limited-links')
class AnswerLinksController {
  @Get(':token')
  @Public()
  @AnswerLinkRateLimit()
  answer(@Param('token') token: string) {
    return { token: token.length };
  }
}

@Module({ controllers: [AnswerLinksController] })
class AnswerLinksModule {}

describe('rate limits (Redis, shared by every API replica)', () => {
  const prefix = `copil-test-rl-${randomBytes(4).toString('hex')}`;
  let first: TestApp;
  let second: TestApp;
  const redis = new IORedis(redisUrl());

  beforeAll(async () => {
    // Two replicas of the API on one Redis, behind a proxy that names the client in
    // X-Forwarded-For: each test below comes from its own address.
    const options = { auth: true, env: { QUEUE_PREFIX: prefix, TRUST_PROXY: 'loopback' }, imports: [AnswerLinksModule] };
    first = await createTestApp(options);
    second = await createTestApp(options);
  });
  afterAll(async () => {
    await first.close();
    await second.close();
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    await redis.quit();
  });

  it('answers the sixth request for one email within 15 minutes with 429 and Retry-After, across replicas', async () => {
    expect(SIGN_IN_LIMITS.perEmail).toEqual({ limit: 5, windowSeconds: 900 });
    const email = `limite.${randomBytes(3).toString('hex')}@example.fr`;
    for (const [app, client] of [[first, '203.0.113.1'], [first, '203.0.113.2'], [first, '203.0.113.3'], [second, '203.0.113.4'], [second, '203.0.113.5']] as const) {
      await app.http().post('/auth/sign-in').set('X-Forwarded-For', client).send({ email }).expect(202);
    }
    const res = await second.http().post('/auth/sign-in').set('X-Forwarded-For', '203.0.113.6').send({ email: email.toUpperCase() }).expect(429);
    expect(res.body).toEqual({
      statusCode: 429,
      code: 'rate_limited',
      message: expect.stringMatching(/^Too many requests: try again in \d+ seconds$/),
      retryAfterSeconds: expect.any(Number),
    });
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(800);
    expect(retryAfter).toBeLessThanOrEqual(900);
    expect(res.body.retryAfterSeconds).toBe(retryAfter);
    await first.http().post('/auth/sign-in').set('X-Forwarded-For', '203.0.113.7').send({ email }).expect(429);
  });

  it('counts per client address too: past its limit, one address is refused whatever the email', async () => {
    expect(SIGN_IN_LIMITS.perIp.limit).toBe(100);
    const client = '198.51.100.7';
    for (let i = 0; i < SIGN_IN_LIMITS.perIp.limit; i += 1) {
      const app = i % 2 === 0 ? first : second;
      await app.http().post('/auth/sign-in').set('X-Forwarded-For', client).send({ email: `ip.${i}.${randomBytes(2).toString('hex')}@example.fr` }).expect(202);
    }
    await first.http().post('/auth/sign-in').set('X-Forwarded-For', client).send({ email: 'encore.une@example.fr' }).expect(429);
    await first.http().post('/auth/sign-in').set('X-Forwarded-For', '198.51.100.8').send({ email: 'encore.une@example.fr' }).expect(202);
  });

  it('keeps no email address in Redis, only hashed keys under the configured prefix', async () => {
    await first.http().post('/auth/sign-in').set('X-Forwarded-For', '198.51.100.20').send({ email: 'secret.adresse@example.fr' }).expect(202);
    const keys = await redis.keys(`${prefix}:throttle:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.join(' ')).not.toMatch(/@|example/);
    expect(keys.every((key) => /^copil-test-rl-[0-9a-f]+:throttle:(ip|subject):[0-9a-f]{64}:(hits|blocked)$/.test(key))).toBe(true);
  });

  it('limits answer links per link: the 21st use of one link is refused', async () => {
    expect(ANSWER_LINK_LIMITS.perLink.limit).toBe(20);
    const token = randomBytes(16).toString('hex');
    for (let i = 0; i < 20; i += 1) await second.http().get(`/rate-limited-links/${token}`).set('X-Forwarded-For', `192.0.2.${i + 1}`).expect(200);
    const res = await second.http().get(`/rate-limited-links/${token}`).set('X-Forwarded-For', '192.0.2.100').expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('leaves routes without a limit alone, and tells nothing of the counters', async () => {
    const res = await first.http().get('/docs/openapi.json').expect(200);
    expect(Object.keys(res.headers).filter((name) => name.startsWith('x-ratelimit'))).toEqual([]);
    for (let i = 0; i < 5; i += 1) await first.http().get('/auth/me').expect(401);
  });

  it('lets requests through at once, uncounted, while Redis is down: its own connection queues nothing', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const down = await createTestApp({ auth: true, env: { REDIS_URL: `redis://127.0.0.1:${port}` }, imports: [AnswerLinksModule] });
    try {
      const limiter = down.app.get<IORedis>(RATE_LIMIT_REDIS);
      expect(limiter.options).toMatchObject({ enableOfflineQueue: false, maxRetriesPerRequest: 0, commandTimeout: RATE_LIMIT_REDIS_TIMEOUT_MS });
      // Past the per-link limit of 20, and every request answered by the route itself.
      const token = randomBytes(16).toString('hex');
      for (let i = 0; i < ANSWER_LINK_LIMITS.perLink.limit + 5; i += 1) {
        const res = await down.http().get(`/rate-limited-links/${token}`).set('X-Forwarded-For', '192.0.2.200').expect(200);
        expect(res.body).toEqual({ token: token.length });
      }
      await down.http().post('/auth/sign-in').send({ email: 'pendant.la.panne@example.fr' }).expect(202);
    } finally {
      await down.close();
    }
  });

  it('lets a request through uncounted when Redis takes the command and never answers', async () => {
    // A server that accepts connections and never answers: Redis hung, or a network black hole.
    const sockets = new Set<Socket>();
    const silent = createServer((socket) => {
      sockets.add(socket);
      socket.on('error', () => undefined);
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'error', REDIS_URL: `redis://127.0.0.1:${(silent.address() as AddressInfo).port}` });
    const hung = createFailFastConnection(config, RATE_LIMIT_REDIS_TIMEOUT_MS);
    try {
      const storage = new RedisThrottlerStorage(hung, config);
      expect(await storage.increment('key', 60_000, 1, 60_000, 'ip')).toEqual({ totalHits: 0, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 });
    } finally {
      hung.disconnect();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });
});
