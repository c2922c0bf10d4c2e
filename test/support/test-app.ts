import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { Clock } from '../../src/common/clock';
import { TestClock } from './test-clock';
import { TestDatabase } from './test-database';
import { redisUrl } from './database-urls';
import { asAdmin } from './auth-helpers';
import { deleteQueueKeys } from './convocation-redis';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  dataSource: DataSource;
  database: TestDatabase;
  /** The app's only clock: `t.clock.set('2025-03-10T08:00:00Z')` moves every service to that instant. */
  clock: TestClock;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  /**
   * For specs of access control itself: requests from http() are anonymous unless the test sets
   * Authorization. Without it, every request from http() carries an administrator's token, so
   * that specs of other features exercise the real guard without repeating the sign-in.
   */
  auth?: boolean;
  env?: Record<string, string>;
  /** Modules of the spec itself, e.g. a test-only controller. */
  imports?: NonNullable<ModuleMetadata['imports']>;
  /** The clock the app reads; a new one following real time when absent. */
  clock?: TestClock;
  /** How the app reaches its fresh database, e.g. through a relay an outage test cuts. */
  databaseUrl?: (direct: string) => string;
}

/** The whole API on its own fresh database, as main.ts builds it. Takes environment overrides, or options. */
export async function createTestApp(envOrOptions: Record<string, string> | TestAppOptions = {}): Promise<TestApp> {
  const { auth = false, env = {}, imports = [], clock = new TestClock(), databaseUrl = (direct: string) => direct }: TestAppOptions =
    'auth' in envOrOptions || 'env' in envOrOptions || 'imports' in envOrOptions || 'clock' in envOrOptions || 'databaseUrl' in envOrOptions
      ? (envOrOptions as TestAppOptions)
      : { env: envOrOptions as Record<string, string> };
  const database = await TestDatabase.create();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl(database.url),
    REDIS_URL: redisUrl(),
    QUEUE_PREFIX: `copil-test-${randomBytes(4).toString('hex')}`,
    RUN_MIGRATIONS: 'false',
    LOG_LEVEL: 'error',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config), ...imports] })
    .overrideProvider(Clock)
    .useValue(clock)
    .compile();
  const app = configureApp(moduleRef.createNestApplication({ logger: ['error'] }));
  await app.init();
  const dataSource = app.get(DataSource);
  let adminAuthorization: string | null = null;
  const testApp: TestApp = {
    app,
    config,
    dataSource,
    database,
    clock,
    http: () => (adminAuthorization ? signedRequests(request(app.getHttpServer()), adminAuthorization) : request(app.getHttpServer())),
    close: async () => {
      await app.close();
      // The Redis is shared by every run: leave nothing under this app's prefix (queues, counters).
      // An app pointed at an unreachable Redis (outage tests) wrote nothing there to clean.
      await deleteQueueKeys(config).catch(() => 0);
      await database.drop();
    },
  };
  if (!auth) adminAuthorization = (await asAdmin(testApp)).Authorization;
  return testApp;
}

type Requests = ReturnType<typeof request>;
const METHODS = ['get', 'post', 'put', 'patch', 'delete', 'head', 'options'] as const;

/** Every request starts with the given Authorization header; a test may still set another one. */
function signedRequests(requests: Requests, authorization: string): Requests {
  const signed = { ...requests } as Requests;
  for (const method of METHODS) {
    (signed as unknown as Record<string, (url: string) => unknown>)[method] = (url: string) =>
      requests[method](url).set('Authorization', authorization);
  }
  return signed;
}
