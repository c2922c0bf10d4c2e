import { Logger } from '@nestjs/common';
import { Client } from 'pg';

const INVALID_CATALOG_NAME = '3D000';

/**
 * Creates the configured database when the server has none of that name, so that a first start
 * on a fresh PostgreSQL needs no manual step. Any other connection error is left to the caller.
 */
export async function ensureDatabaseExists(databaseUrl: string): Promise<void> {
  const probe = new Client({ connectionString: databaseUrl });
  try {
    await probe.connect();
    return;
  } catch (error) {
    if ((error as { code?: string }).code !== INVALID_CATALOG_NAME) return;
  } finally {
    await probe.end().catch(() => undefined);
  }
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ''));
  url.pathname = '/postgres';
  const admin = new Client({ connectionString: url.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    Logger.log(`created database ${name}`, 'Database');
  } catch (error) {
    // Another process starting at the same moment may have created it first.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await admin.end();
  }
}
