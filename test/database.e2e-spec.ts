import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { ensureDatabaseExists } from '../src/database/ensure-database';
import { adminUrl, databaseUrl } from './support/database-urls';

describe('first start on a fresh PostgreSQL', () => {
  const name = `copil_fresh_${randomBytes(4).toString('hex')}`;
  const exists = async () => {
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    const { rowCount } = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    await admin.end();
    return rowCount === 1;
  };

  afterAll(async () => {
    const admin = new Client({ connectionString: adminUrl() });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${name}"`);
    await admin.end();
  });

  it('creates the configured database when the server has none of that name, and leaves it alone afterwards', async () => {
    expect(await exists()).toBe(false);
    await ensureDatabaseExists(databaseUrl(name));
    expect(await exists()).toBe(true);
    await expect(ensureDatabaseExists(databaseUrl(name))).resolves.toBeUndefined();
  });
});
