import 'reflect-metadata';
import { getPriority, setPriority } from 'node:os';
import { Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppConfig, enabledLogLevels, loadConfigOrExit } from './config/app-config';
import { WorkerModule } from './worker.module';

/** `ownProcess`: the worker is the process's only service (`npm run start:worker`), not beside the API. */
export async function startWorker(config: AppConfig, { ownProcess = false } = {}): Promise<void> {
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(config), {
    logger: enabledLogLevels(config.logLevel),
  });
  // Before the queues' workers start (init): the first job already runs at the lower priority.
  if (ownProcess) lowerPriority(config.workerNiceness);
  app.enableShutdownHooks();
  await app.init();
  Logger.log(`copil worker started (queues on ${new URL(config.redisUrl).host}, prefix "${config.queuePrefix}")`, 'Bootstrap');
}

/**
 * A worker alone in its process yields the processor to the API: convening, pages and answers are
 * what people wait for, while a message that leaves a few seconds later is still on time. Raising
 * one's own nice value needs no privilege; a process started nicer already keeps its value. On
 * Linux the value is the main thread's, where the worker's JavaScript runs (and the threads it
 * starts from then on); the threads V8 and libuv started before keep theirs.
 */
function lowerPriority(niceness: number): void {
  const current = getPriority();
  if (current >= niceness) {
    if (current > niceness) Logger.log(`copil worker keeps nice ${current}, as it was started (WORKER_NICENESS is ${niceness})`, 'Bootstrap');
    return;
  }
  try {
    setPriority(niceness);
    Logger.log(`copil worker runs at nice ${niceness} (WORKER_NICENESS): the API's requests on this machine come first`, 'Bootstrap');
  } catch (error) {
    Logger.warn(`copil worker could not lower its priority to nice ${niceness}: ${error instanceof Error ? error.message : String(error)}`, 'Bootstrap');
  }
}

if (require.main === module) void startWorker(loadConfigOrExit(), { ownProcess: true });
