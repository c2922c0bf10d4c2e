import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import request from 'supertest';
import { AppConfig, loadConfig } from '../../src/config/app-config';
import { AppModule } from '../../src/app.module';
import { configureApp } from '../../src/app.setup';
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

/** The whole API on its own fresh database, as main.ts builds it. */
export async function createTestApp(env: Record<string, string> = {}): Promise<TestApp> {
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
  const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] }).compile();
  const app = configureApp(moduleRef.createNestApplication({ logger: ['error'] }));
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
