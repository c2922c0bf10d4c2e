import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source-options';
import { adminUrl, databaseUrl } from './database-urls';

/**
 * Creates one migrated template database for the run; every test file then clones it
 * (CREATE DATABASE … TEMPLATE), so files never share rows and never wait for migrations.
 */
export default async function globalSetup(): Promise<void> {
  const name = `copil_test_tpl_${randomBytes(4).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();

  const dataSource = new DataSource(dataSourceOptions(databaseUrl(name)));
  await dataSource.initialize();
  await dataSource.runMigrations();
  await dataSource.destroy();
  process.env.COPIL_TEST_TEMPLATE_DB = name;
}
