import 'reflect-metadata';
import { loadConfigOrExit } from './config/app-config';
import { startApi } from './main';
import { startWorker } from './worker';

/**
 * API and worker in one process, for a single-machine install. The API starts first so that
 * its migrations have run before the worker reads the tables.
 */
async function startAll(): Promise<void> {
  const config = loadConfigOrExit();
  await startApi(config);
  await startWorker({ ...config, runMigrations: false });
}

void startAll();
