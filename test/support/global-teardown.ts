import { Client } from 'pg';
import { adminUrl } from './database-urls';

export default async function globalTeardown(): Promise<void> {
  const name = process.env.COPIL_TEST_TEMPLATE_DB;
  if (!name) return;
  const admin = new Client({ connectionString: adminUrl() });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  await admin.end();
}
