import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, enabledLogLevels, loadConfigOrExit } from './config/app-config';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { ensureDatabaseExists } from './database/ensure-database';

export async function startApi(config: AppConfig): Promise<void> {
  await ensureDatabaseExists(config.databaseUrl);
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: enabledLogLevels(config.logLevel) });
  configureApp(app);
  await app.listen(config.http.port, config.http.host);
  Logger.log(`copil API listening on ${config.publicBaseUrl} (docs at ${config.publicBaseUrl}/docs)`, 'Bootstrap');
}

if (require.main === module) void startApi(loadConfigOrExit());
