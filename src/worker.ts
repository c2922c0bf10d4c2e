import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, enabledLogLevels, loadConfigOrExit } from './config/app-config';
import { WorkerModule } from './worker.module';

export async function startWorker(config: AppConfig): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: enabledLogLevels(config.logLevel),
  });
  app.enableShutdownHooks();
  await app.init();
  Logger.log(`copil worker started (queues on ${new URL(config.redisUrl).host}, prefix "${config.queuePrefix}")`, 'Bootstrap');
}

if (require.main === module) void startWorker(loadConfigOrExit());
