import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { INestApplication, ModuleMetadata } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
import { AuthModule } from '../../src/auth/auth.module';
import { applySecurity } from '../../src/auth/security';
import { TestDatabase } from './test-database';
import { redisUrl } from './database-urls';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  dataSource: DataSource;
  database: TestDatabase;
  http: () => ReturnType<typeof request>;
  close: () => Promise<void>;
}

export interface TestAppOptions {
  /** Puts the API behind AuthModule (global guard, sign-in, audit) and applySecurity. */
  auth?: boolean;
  env?: Record<string, string>;
  /** Modules of the spec itself, e.g. a test-only controller. */
  imports?: NonNullable<ModuleMetadata['imports']>;
}

/** The whole API on its own fresh database, as main.ts builds it. Takes environment overrides, or options. */
export async function createTestApp(envOrOptions: Record<string, string> | TestAppOptions = {}): Promise<TestApp> {
  const { auth = false, env = {}, imports = [] }: TestAppOptions =
    'auth' in envOrOptions || 'env' in envOrOptions || 'imports' in envOrOptions
      ? (envOrOptions as TestAppOptions)
      : { env: envOrOptions as Record<string, string> };
  const database = await TestDatabase.create();
  const config = loadConfig({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    REDIS_URL: redisUrl(),
    QUEUE_PREFIX: `copil-test-${randomBytes(4).toString('hex')}`,
    RUN_MIGRATIONS: 'false',
    LOG_LEVEL: 'error',
    ...env,
  });
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config), ...(auth ? [AuthModule] : []), ...imports] }).compile();
  const app = configureApp(moduleRef.createNestApplication({ logger: ['error'] }));
  if (auth) applySecurity(app);
  await app.init();
  const dataSource = app.get(DataSource);
  return {
    app,
    config,
    dataSource,
    database,
    http: () => request(app.getHttpServer()),
    close: async () => {
      await app.close();
      await database.drop();
    },
  };
}
