import { applyDecorators, ExecutionContext, Inject, Injectable, Logger, OnApplicationShutdown, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { Throttle, ThrottlerGuard, ThrottlerLimitDetail, ThrottlerModuleOptions, ThrottlerStorage } from '@nestjs/throttler';
import { Request, Response } from 'express';
import { Redis } from 'ioredis';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/app-config';
import { DomainError } from '../common/domain-error';
import { createFailFastConnection } from '../queue/redis-connection';

export const RATE_LIMIT_REDIS = Symbol('RATE_LIMIT_REDIS');

/**
 * Fixed window per key, shared by every API replica through Redis. One script, so that counting,
 * expiring and blocking are one atomic step whatever the number of replicas.
 * Returns [hits, ms to window end, blocked 0|1, ms to block end].
 */
const INCREMENT_SCRIPT = `
local blockedFor = redis.call('PTTL', KEYS[2])
if blockedFor > 0 then
  return {tonumber(redis.call('GET', KEYS[1]) or '0'), redis.call('PTTL', KEYS[1]), 1, blockedFor}
end
local hits = redis.call('INCR', KEYS[1])
local windowLeft = redis.call('PTTL', KEYS[1])
if windowLeft < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  windowLeft = tonumber(ARGV[1])
end
if hits > tonumber(ARGV[2]) then
  redis.call('SET', KEYS[2], '1', 'PX', ARGV[3])
  return {hits, windowLeft, 1, tonumber(ARGV[3])}
end
return {hits, windowLeft, 0, 0}
`;

/** How long a request waits for an answer from a Redis that took the command, before going on uncounted. */
export const RATE_LIMIT_REDIS_TIMEOUT_MS = 1000;

/**
 * @nestjs/throttler's storage on Redis; keys under `<queuePrefix>:throttle:`. Its connection is its
 * own and fails fast (createFailFastConnection): while Redis is down or does not answer, the request
 * goes through uncounted (and a warning is logged): an outage of Redis must not stop people from
 * signing in, nor make them wait.
 */
@Injectable()
export class RedisThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly prefix: string;

  constructor(
    @Inject(RATE_LIMIT_REDIS) private readonly redis: Redis,
    @Inject(APP_CONFIG) config: AppConfig,
  ) {
    this.prefix = `${config.queuePrefix}:throttle`;
  }

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): ReturnType<ThrottlerStorage['increment']> {
    try {
      return await this.count(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.logger.warn(`Redis did not count the request (${error instanceof Error ? error.message : String(error)}): request not counted`);
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }

  private async count(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): ReturnType<ThrottlerStorage['increment']> {
    const base = `${this.prefix}:${throttlerName}:${key}`;
    const [hits, windowLeft, blocked, blockLeft] = (await this.redis.eval(
      INCREMENT_SCRIPT,
      2,
      `${base}:hits`,
      `${base}:blocked`,
      String(Math.max(1, Math.round(ttl))),
      String(limit),
      String(Math.max(1, Math.round(blockDuration))),
    )) as [number, number, number, number];
    return {
      totalHits: hits,
      timeToExpire: Math.max(0, Math.ceil(windowLeft / 1000)),
      isBlocked: blocked === 1,
      timeToBlockExpire: Math.max(0, Math.ceil(blockLeft / 1000)),
    };
  }
}

/** Closes the rate limiter's Redis connection with the application. */
@Injectable()
export class RateLimitRedisCloser implements OnApplicationShutdown {
  constructor(@Inject(RATE_LIMIT_REDIS) private readonly redis: Redis) {}

  async onApplicationShutdown(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}

export const rateLimitRedisProvider = {
  provide: RATE_LIMIT_REDIS,
  inject: [APP_CONFIG],
  useFactory: async (config: AppConfig): Promise<Redis> => {
    const redis = createFailFastConnection(config, RATE_LIMIT_REDIS_TIMEOUT_MS);
    // Without an offline queue, commands sent before the connection is ready are refused: wait for
    // it at start, so the first requests are counted; a Redis down at start delays it by one timeout.
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        redis.off('ready', done);
        resolve();
      };
      const timer = setTimeout(done, RATE_LIMIT_REDIS_TIMEOUT_MS);
      if (redis.status === 'ready') done();
      else redis.once('ready', done);
    });
    return redis;
  },
};

const RATE_LIMITED_KEY = 'copil:rate-limited';
const SUBJECT_KEY = 'copil:rate-limit-subject';

/** What a limit counts per, besides the client's address: an email, a link's token… Null: not counted. */
export type RateLimitSubject = (request: Request) => string | null;

export interface RateLimitOptions {
  perIp: { limit: number; windowSeconds: number };
  perSubject?: { limit: number; windowSeconds: number; subject: RateLimitSubject };
}

/**
 * Limits a route per client address and, optionally, per subject. Over the limit the route
 * answers 429 with Retry-After until the window ends. Only routes that carry it are limited.
 */
export function RateLimit(options: RateLimitOptions): MethodDecorator & ClassDecorator {
  const throttles: Parameters<typeof Throttle>[0] = {
    ip: { limit: options.perIp.limit, ttl: options.perIp.windowSeconds * 1000 },
  };
  if (options.perSubject) {
    const subject = options.perSubject.subject;
    throttles.subject = {
      limit: options.perSubject.limit,
      ttl: options.perSubject.windowSeconds * 1000,
      getTracker: (request) => subject(request as Request) ?? '',
    };
  }
  return applyDecorators(SetMetadata(RATE_LIMITED_KEY, true), SetMetadata(SUBJECT_KEY, options.perSubject?.subject), Throttle(throttles));
}

/**
 * Per address, generous: a whole académie may sign in from behind one NAT on a Monday morning.
 * Per email, tight: nobody needs more than a few links in a quarter of an hour, and one mailbox
 * must not be flooded.
 */
export const SIGN_IN_LIMITS = {
  perIp: { limit: 100, windowSeconds: 15 * 60 },
  perEmail: { limit: 5, windowSeconds: 15 * 60 },
} as const;

/** Redeeming a link: each try costs a query. */
export const LINK_REDEEM_LIMITS = { perIp: { limit: 100, windowSeconds: 15 * 60 } } as const;

/** Links sent to members (answers to a convocation): per address, and per link. */
export const ANSWER_LINK_LIMITS = {
  perIp: { limit: 100, windowSeconds: 15 * 60 },
  perLink: { limit: 20, windowSeconds: 15 * 60 },
} as const;

export function SignInRateLimit(): MethodDecorator & ClassDecorator {
  return RateLimit({
    perIp: SIGN_IN_LIMITS.perIp,
    perSubject: { ...SIGN_IN_LIMITS.perEmail, subject: bodyField('email', (value) => value.trim().toLowerCase()) },
  });
}

export function LinkRedeemRateLimit(): MethodDecorator & ClassDecorator {
  return RateLimit({ perIp: LINK_REDEEM_LIMITS.perIp });
}

export function AnswerLinkRateLimit(tokenParam = 'token'): MethodDecorator & ClassDecorator {
  return RateLimit({
    perIp: ANSWER_LINK_LIMITS.perIp,
    perSubject: { ...ANSWER_LINK_LIMITS.perLink, subject: (request) => pick(request.params, tokenParam) ?? pick(request.query, tokenParam) },
  });
}

/** A subject read from the (not yet validated) body; anything but a non-empty string counts for nothing. */
export function bodyField(name: string, normalize: (value: string) => string = (value) => value): RateLimitSubject {
  return (request) => {
    const value = pick(request.body, name);
    return value === null ? null : normalize(value);
  };
}

function pick(bag: unknown, name: string): string | null {
  const value = bag && typeof bag === 'object' ? (bag as Record<string, unknown>)[name] : undefined;
  return typeof value === 'string' && value.trim() !== '' ? value : null;
}

function subjectOf(context: ExecutionContext): RateLimitSubject | undefined {
  return Reflect.getMetadata(SUBJECT_KEY, context.getHandler()) ?? Reflect.getMetadata(SUBJECT_KEY, context.getClass());
}

function isRateLimited(context: ExecutionContext): boolean {
  return Boolean(Reflect.getMetadata(RATE_LIMITED_KEY, context.getHandler()) ?? Reflect.getMetadata(RATE_LIMITED_KEY, context.getClass()));
}

/** Defaults only: every limited route states its own numbers through RateLimit. */
export const RATE_LIMIT_OPTIONS: ThrottlerModuleOptions = {
  throttlers: [
    { name: 'ip', limit: 60, ttl: 60_000 },
    {
      name: 'subject',
      limit: 10,
      ttl: 60_000,
      skipIf: (context) => {
        const subject = subjectOf(context);
        return !subject || subject(context.switchToHttp().getRequest<Request>()) === null;
      },
    },
  ],
  skipIf: (context) => context.getType() !== 'http' || !isRateLimited(context),
  // Retry-After is set below without the throttler's name suffix; X-RateLimit-* would tell probers too much.
  setHeaders: false,
};

/**
 * @nestjs/throttler's guard, on the routes marked RateLimit only, answering 429 with Retry-After.
 * Built by its factory (create): the parent's constructor injects tokens of ThrottlerModule, which
 * copil does not import.
 */
export class RateLimitGuard extends ThrottlerGuard {
  private readonly rateLogger = new Logger('RateLimit');

  static create(storage: ThrottlerStorage, reflector: Reflector): RateLimitGuard {
    return new RateLimitGuard(RATE_LIMIT_OPTIONS, storage, reflector);
  }

  protected override async throwThrottlingException(context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    const retryAfter = Math.max(1, detail.timeToBlockExpire);
    context.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(retryAfter));
    this.rateLogger.warn(`${context.getClass().name}.${context.getHandler().name}: limit of ${detail.limit} reached, blocked for ${retryAfter} s`);
    throw new DomainError('too_many', 'rate_limited', `Too many requests: try again in ${retryAfter} seconds`, { retryAfterSeconds: retryAfter });
  }
}
